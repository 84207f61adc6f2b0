import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import { knownBuyerLimit } from '../../db/credit-insurance.js';
import type { Db } from '../../db/client.js';
import { consentDecision, CREDIT_FACTS } from '../../db/finance-loans.js';
import { CREDIT_TERMS_DAYS } from '../../domain/finance/insured-events.js';
import { CURRENCY_EXPONENT, formatMinor, toMinor, type CurrencyCode } from '../../domain/finance/money.js';
import { SearchAttr } from '../../workflows/contract.js';
import { creditPolicyWorkflowId } from '../../workflows/finance/credit-insurance-contract.js';
import type { creditInsuranceWorkflow } from '../../workflows/finance/credit-insurance.workflow.js';
import { PolicyStatus } from '../../workflows/finance/insurance-contract.js';
import { authenticate, requireInGoodStanding } from '../auth.js';
import { ApiError } from '../errors.js';
import { CreditPolicyCreate, InsurancePolicy } from '../insurance.schemas.js';
import { insurableShipment, openPolicy, policyView } from '../policies.js';
import { ErrorBody } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };

/**
 * Export credit insurance (出口信用保险, issue 20 §2): insure a 9710 consignment against its business
 * buyer not paying by the due date. Checked before anything is written: the mode, the enterprise's
 * INSURANCE consent (the buyer's name and country, the goods, the timeline, the FX record), and the
 * buyer's limit where an earlier policy told it. Followed with GET /v1/policies/{id}.
 */
export const creditInsuranceRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/credit-policies', {
      schema: { tags: ['finance'], operationId: 'createCreditPolicy', summary: 'Insure a 9710 consignment’s payment by its buyer: covered from release, a claim when the proceeds are not settled by the due date', body: CreditPolicyCreate, response: { 200: InsurancePolicy, 202: InsurancePolicy, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      await requireInGoodStanding(deps.db, caller);
      const body = { ...req.body, paymentTermsDays: req.body.paymentTermsDays ?? CREDIT_TERMS_DAYS.default };
      const shipment = await insurableShipment(deps.db, caller.enterpriseId, body);
      if (shipment.mode !== '9710') throw new ApiError(422, 'WRONG_MODE', `export credit insurance covers 9710 consignments to business buyers, not ${shipment.mode}`, [{ path: 'body.shipmentId', message: 'not a 9710 consignment' }]);
      const consent = await consentDecision(deps.db, { enterpriseId: caller.enterpriseId, lender: body.insurer, purpose: 'INSURANCE', facts: CREDIT_FACTS, subject: { type: 'SHIPMENT', id: shipment.id, enterpriseId: caller.enterpriseId, mode: '9710' } });
      if (!consent.allowed) throw new ApiError(403, 'CONSENT_REQUIRED', `no active consent lets ${body.insurer} see this consignment's buyer, goods, timeline and FX (${consent.reason}); nothing was disclosed`, [{ path: 'body.insurer', message: consent.reason }]);
      const id = creditPolicyWorkflowId(shipment.id);
      const buyer = { ...(await buyerOf(deps.db, shipment.id)), registrationNo: body.buyerRegistrationNo };
      await requireBuyerRoom(deps.db, { enterpriseId: caller.enterpriseId, insurer: body.insurer, id, buyer, currency: shipment.currency as CurrencyCode, value: shipment.goodsValue.toFixed(CURRENCY_EXPONENT[shipment.currency as CurrencyCode]) });
      const credit = { buyer, paymentTermsDays: body.paymentTermsDays };
      const same = (found: { insurer: string; credit: unknown }) => {
        const c = found.credit as typeof credit | null;
        return found.insurer === body.insurer && c?.paymentTermsDays === credit.paymentTermsDays && c.buyer.registrationNo === buyer.registrationNo;
      };
      const { created } = await openPolicy(deps.db, { id, enterpriseId: caller.enterpriseId, shipmentId: shipment.id, insurer: body.insurer, cover: 'EXPORT_CREDIT', status: PolicyStatus.AWAITING_RELEASE, credit }, same, () => deps.temporal.workflow.start<typeof creditInsuranceWorkflow>('creditInsuranceWorkflow', {
        workflowId: id,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{ policyId: id, enterpriseId: caller.enterpriseId, enterprise: { code: caller.customsCode, name: caller.enterpriseName }, shipmentId: shipment.id, insurer: body.insurer, timeScale: deps.config.TIME_SCALE, buyerRegistrationNo: body.buyerRegistrationNo, paymentTermsDays: body.paymentTermsDays }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: SearchAttr.EnterpriseId, value: caller.enterpriseId }],
        staticSummary: `Export credit insurance of ${shipment.id} with ${body.insurer}`,
      }));
      return reply.code(created ? 202 : 200).header('location', `/v1/policies/${encodeURIComponent(id)}`).send(await policyView(deps.db, id, caller.enterpriseId));
    });
  };

/** The 9710 buyer as the shipment names it: a company (name, customs country code), never a person. */
async function buyerOf(db: Db, shipmentId: string): Promise<{ name: string; country: string }> {
  const s = await db.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { request: true } });
  return (s.request as { buyer: { name: string; country: string } }).buyer;
}

/** 422 ABOVE_BUYER_LIMIT when an earlier policy told the buyer's limit and this consignment does not fit in what is left of it. */
async function requireBuyerRoom(db: Db, q: { enterpriseId: string; insurer: string; id: string; buyer: { country: string; registrationNo: string }; currency: CurrencyCode; value: string }): Promise<void> {
  const known = await knownBuyerLimit(db, q);
  if (!known) return;
  const value = toMinor(q.value, q.currency);
  const existing = await db.insurancePolicy.findUnique({ where: { id: q.id }, select: { status: true } });
  if (existing || value <= known.limit - known.held) return;
  const left = formatMinor(Math.max(0, known.limit - known.held), q.currency);
  throw new ApiError(422, 'ABOVE_BUYER_LIMIT', `the insurer's limit for this buyer is ${formatMinor(known.limit, q.currency)} ${q.currency}, ${left} left; this consignment is ${q.value}`, [{ path: 'body.shipmentId', message: `above the buyer's limit (${left} ${q.currency} left)` }]);
}
