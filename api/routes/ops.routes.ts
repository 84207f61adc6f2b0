import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { resolveInspection, retryRefund } from '../../workflows/contract.js';
import { opsActor, requireOpsRole } from '../ops-auth.js';
import { InvalidCursor } from '../../db/cursor.js';
import { listShipmentsInStatus } from '../../db/queries.js';
import { ApiError } from '../errors.js';
import { ErrorBody, IdParams, InspectionBody, OpsListQuery, OpsShipmentList, RefundRetryBody, StateBody } from '../schemas.js';
import { audit, runUpdate, stateOf } from '../shipment-actions.js';

/**
 * Platform-operations endpoints (the same actions are available in the Temporal Web UI as the
 * `resolveInspection` update). Authenticated with an ops person's key (role OPERATOR or ADMIN).
 */
export const opsRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    app.get('/v1/ops/shipments', {
      preValidation: requireOpsRole(auth, 'VIEWER'),
      schema: {
        tags: ['ops'],
        operationId: 'listShipmentsForOps',
        summary: 'Work queue: every enterprise\'s shipments in one status that needs ops (risk holds, inspections, …), newest first',
        querystring: OpsListQuery,
        response: { 200: OpsShipmentList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    }, async (req) => {
      try {
        return await listShipmentsInStatus(deps.db, req.query);
      } catch (err) {
        if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.cursor', message: err.message }]);
        throw err;
      }
    });
    app.post('/v1/ops/shipments/:id/inspection', {
      preValidation: requireOpsRole(auth, 'OPERATOR'),
      schema: {
        tags: ['ops'],
        operationId: 'resolveInspection',
        summary: 'Record the outcome of a customs inspection (查验) and release the hold',
        params: IdParams,
        body: InspectionBody,
        response: { 200: StateBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 503: ErrorBody },
      },
    }, async (req) => {
      const ops = opsActor(req);
      // the acting person comes from the credential; a body `operator` is ignored
      const resolution = { outcome: req.body.outcome, note: req.body.note, operator: ops.name };
      const state = await runUpdate((updateId) => deps.temporal.workflow.getHandle(req.params.id).executeUpdate(resolveInspection, { args: [resolution], updateId }));
      await audit(deps.db, req, { actor: ops.actor, action: 'shipment.inspection_resolved', subjectId: req.params.id, detail: { outcome: req.body.outcome, revision: state.revision } });
      return stateOf(state);
    });
    app.post('/v1/ops/shipments/:id/refund-retry', {
      preValidation: requireOpsRole(auth, 'OPERATOR'),
      schema: {
        tags: ['ops'],
        operationId: 'retryRefund',
        summary: 'Retry an export refund held for an unknown refund rate (after loading the zone rates with cbec refund-rates load)',
        params: IdParams,
        body: RefundRetryBody,
        response: { 200: StateBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 503: ErrorBody },
      },
    }, async (req) => {
      const ops = opsActor(req);
      const state = await runUpdate((updateId) => deps.temporal.workflow.getHandle(req.params.id).executeUpdate(retryRefund, { args: [{ operator: ops.name, note: req.body.note }], updateId }));
      await audit(deps.db, req, { actor: ops.actor, action: 'shipment.refund_retried', subjectId: req.params.id, detail: { note: req.body.note, revision: state.revision } });
      return stateOf(state);
    });
  };
