import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { InvalidCursor } from '../../db/cursor.js';
import { countShipmentsByStatus, getShipment, listShipments } from '../../db/queries.js';
import { fieldCipher } from '../../codec/field-cipher.js';
import { openRequest } from '../../db/personal-data.js';
import { ShipmentCreate as ShipmentCreateSchema } from '../../domain/shipment.schema.js';
import { cancelShipment, correctDeclaration, requestReturn } from '../../workflows/contract.js';
import { admissionHook, type Verdict } from '../admission.js';
import { authenticate, requireApproved } from '../auth.js';
import { ApiError } from '../errors.js';
import { Accepted, CancelBody, CorrectionBody, ErrorBody, IdParams, ListQuery, ShipmentCreate, ShipmentDetail, ShipmentList, StateBody, StatusCounts } from '../schemas.js';
import { audit, runUpdate, stateOf } from '../shipment-actions.js';
import { createShipment } from '../shipments.service.js';

export interface ShipmentRoutesDeps {
  db: Db;
  temporal: Client;
  config: Config;
  /** Admission control for creates (api/admission.ts); undefined: off (ADMISSION_CONTROL=false). */
  admission?: { check(): Promise<Verdict> } | undefined;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };

export const shipmentRoutes =
  (deps: ShipmentRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/shipments', {
      // before the body is read: an overloaded platform refuses cheaply, writing and starting nothing
      ...(deps.admission ? { onRequest: admissionHook(deps.admission) } : {}),
      schema: {
        tags: ['shipments'],
        operationId: 'createShipment',
        summary: 'Create a shipment (starts its workflow)',
        description: 'While the platform is behind (its task queue backlog, or the shipments moving on its workers, over the limits: ADMISSION_* settings), 429 OVERLOADED with a Retry-After header (seconds): nothing was written or started; send the same request again after that time.',
        body: ShipmentCreate,
        response: { 200: Accepted, 202: Accepted, 429: ErrorBody, ...errors },
      },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      requireApproved(caller);
      const result = await createShipment(deps, caller, req.body);
      return reply
        .code(result.created ? 202 : 200)
        .header('location', `/v1/shipments/${encodeURIComponent(result.id)}`)
        .send({ id: result.id, status: result.status });
    });

    app.get('/v1/shipments', {
      schema: { tags: ['shipments'], operationId: 'listShipments', summary: "List the caller's shipments", querystring: ListQuery, response: { 200: ShipmentList, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      try {
        return await listShipments(deps.db, caller.enterpriseId, req.query);
      } catch (err) {
        if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.cursor', message: err.message }]);
        throw err;
      }
    });

    app.get('/v1/shipments/status-counts', {
      schema: { tags: ['shipments'], operationId: 'countShipmentsByStatus', summary: "How many of the caller's shipments are in each status", response: { 200: StatusCounts, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return countShipmentsByStatus(deps.db, caller.enterpriseId);
    });

    app.get('/v1/shipments/:id', {
      schema: { tags: ['shipments'], operationId: 'getShipment', summary: 'One shipment with its timeline', params: IdParams, response: { 200: ShipmentDetail, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const shipment = await getShipment(deps.db, caller.enterpriseId, req.params.id);
      if (!shipment) throw notFound();
      return shipment;
    });

    app.post('/v1/shipments/:id/corrections', {
      schema: {
        tags: ['shipments'],
        operationId: 'correctShipment',
        summary: 'Correct a declaration rejected by customs (退单)',
        params: IdParams,
        body: CorrectionBody,
        response: { 200: StateBody, ...errors },
      },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const row = await deps.db.shipment.findFirst({ where: { id: req.params.id, enterpriseId: caller.enterpriseId } });
      if (!row) throw notFound();
      // The corrected shipment must still be a valid shipment as a whole.
      const { importItems, ...changes } = withoutReason(req.body);
      const merged = ShipmentCreateSchema.safeParse({ ...openRequest(fieldCipher(deps.config), row.request), ...changes, ...(importItems ? { items: importItems } : {}) });
      if (!merged.success) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'the corrected shipment is invalid', merged.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
      }
      const state = await runUpdate((updateId) => deps.temporal.workflow.getHandle(row.id).executeUpdate(correctDeclaration, { args: [req.body], updateId }));
      await audit(deps.db, req, { actor: `enterprise:${caller.enterpriseId}`, action: 'shipment.corrected', subjectId: row.id, detail: { fields: Object.keys(withoutReason(req.body)).sort(), revision: state.revision } });
      return stateOf(state);
    });

    app.post('/v1/shipments/:id/return', {
      schema: {
        tags: ['shipments'],
        operationId: 'returnShipment',
        summary: 'Return a delivered 1210 order within the return period (退货)',
        params: IdParams,
        body: CancelBody,
        response: { 202: StateBody, ...errors },
      },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      const row = await deps.db.shipment.findFirst({ where: { id: req.params.id, enterpriseId: caller.enterpriseId } });
      if (!row) throw notFound();
      const state = await runUpdate((updateId) =>
        deps.temporal.workflow.getHandle(row.id).executeUpdate(requestReturn, { args: [{ reason: req.body.reason, requestedBy: caller.enterpriseId }], updateId }),
      );
      await audit(deps.db, req, { actor: `enterprise:${caller.enterpriseId}`, action: 'shipment.return_requested', subjectId: row.id, detail: { mode: row.mode, revision: state.revision } });
      return reply.code(202).send({ ...stateOf(state), status: 'RETURNING' });
    });

    app.post('/v1/shipments/:id/cancel', {
      schema: { tags: ['shipments'], operationId: 'cancelShipment', summary: 'Cancel a shipment before departure', params: IdParams, body: CancelBody, response: { 202: StateBody, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      const row = await deps.db.shipment.findFirst({ where: { id: req.params.id, enterpriseId: caller.enterpriseId } });
      if (!row) throw notFound();
      const state = await runUpdate((updateId) =>
        deps.temporal.workflow.getHandle(row.id).executeUpdate(cancelShipment, { args: [{ reason: req.body.reason, requestedBy: caller.enterpriseId }], updateId }),
      );
      await audit(deps.db, req, { actor: `enterprise:${caller.enterpriseId}`, action: 'shipment.cancel_requested', subjectId: row.id, detail: { mode: row.mode, stage: state.stage, revision: state.revision } });
      return reply.code(202).send({ ...stateOf(state), status: 'CANCELLING' });
    });
  };

function withoutReason<B extends { reason: string }>(body: B): Omit<B, 'reason'> {
  const { reason: _reason, ...rest } = body;
  return rest;
}

function notFound(): ApiError {
  return new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment');
}
