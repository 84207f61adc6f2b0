import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { CARGO_FACTS, consentDecision } from '../../db/finance-loans.js';
import { SearchAttr } from '../../workflows/contract.js';
import { PolicyStatus, policyWorkflowId } from '../../workflows/finance/insurance-contract.js';
import type { cargoInsuranceWorkflow } from '../../workflows/finance/insurance.workflow.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { ApiError } from '../errors.js';
import { insurableShipment, openPolicy, policyView } from '../policies.js';
import { InsurancePolicy, PolicyCreate } from '../insurance.schemas.js';
import { ErrorBody, IdParams } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };

/**
 * Cargo insurance (issue 20 §2): insure an export shipment (bound at its transport booking), follow
 * the policy and its claims. The enterprise's INSURANCE consent for the insurer is checked first.
 */
export const insuranceRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/policies', {
      schema: { tags: ['finance'], operationId: 'createPolicy', summary: 'Insure a shipment’s cargo: bound at transport booking, claims opened from its own facts', body: PolicyCreate, response: { 200: InsurancePolicy, 202: InsurancePolicy, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const body = req.body;
      const shipment = await insurableShipment(deps.db, caller.enterpriseId, body);
      if (!shipment.corridor) throw new ApiError(422, 'NO_TRANSPORT', 'the shipment has no transport to insure (a 1210 order ships from bonded stock)', [{ path: 'body.shipmentId', message: 'no corridor' }]);
      const consent = await consentDecision(deps.db, { enterpriseId: caller.enterpriseId, lender: body.insurer, purpose: 'INSURANCE', facts: CARGO_FACTS, subject: { type: 'SHIPMENT', id: shipment.id, enterpriseId: caller.enterpriseId, mode: shipment.mode as '9810' } });
      if (!consent.allowed) throw new ApiError(403, 'CONSENT_REQUIRED', `no active consent lets ${body.insurer} see this shipment's goods (${consent.reason}); nothing was disclosed`, [{ path: 'body.insurer', message: consent.reason }]);
      const id = policyWorkflowId(shipment.id);
      const { created } = await openPolicy(deps.db, { id, enterpriseId: caller.enterpriseId, shipmentId: shipment.id, insurer: body.insurer, cover: 'CARGO', status: PolicyStatus.AWAITING_BOOKING }, (found) => found.insurer === body.insurer, () => deps.temporal.workflow.start<typeof cargoInsuranceWorkflow>('cargoInsuranceWorkflow', {
        workflowId: id,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{ policyId: id, enterpriseId: caller.enterpriseId, enterprise: { code: caller.customsCode, name: caller.enterpriseName }, shipmentId: shipment.id, insurer: body.insurer, timeScale: deps.config.TIME_SCALE }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: SearchAttr.EnterpriseId, value: caller.enterpriseId }],
        staticSummary: `Cargo insurance of ${shipment.id} with ${body.insurer}`,
      }));
      return reply.code(created ? 202 : 200).header('location', `/v1/policies/${encodeURIComponent(id)}`).send(await policyView(deps.db, id, caller.enterpriseId));
    });

    app.get('/v1/policies/:id', {
      schema: { tags: ['finance'], operationId: 'getPolicy', summary: 'One insurance policy (cargo or export credit) and its claims', params: IdParams, response: { 200: InsurancePolicy, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return policyView(deps.db, req.params.id, caller.enterpriseId);
    });
  };
