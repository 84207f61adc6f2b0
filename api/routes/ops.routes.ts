import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Secret } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { resolveInspection } from '../../workflows/contract.js';
import { ErrorBody, IdParams, InspectionBody, StateBody } from '../schemas.js';
import { requireOps } from '../ops-auth.js';
import { audit, runUpdate, stateOf } from '../shipment-actions.js';

/**
 * Platform-operations endpoints (the same actions are available in the Temporal Web UI as the
 * `resolveInspection` update). Authenticated with the ops key, not an enterprise key.
 */
export const opsRoutes =
  (deps: { db: Db; temporal: Client; opsKey: Secret }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/ops/shipments/:id/inspection', {
      schema: {
        tags: ['ops'],
        operationId: 'resolveInspection',
        summary: 'Record the outcome of a customs inspection (查验) and release the hold',
        params: IdParams,
        body: InspectionBody,
        response: { 200: StateBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    }, async (req) => {
      requireOps(req, deps.opsKey);
      const state = await runUpdate(() => deps.temporal.workflow.getHandle(req.params.id).executeUpdate(resolveInspection, { args: [req.body] }));
      await audit(deps.db, req, { actor: `ops:${req.body.operator}`, action: 'shipment.inspection_resolved', subjectId: req.params.id, detail: { outcome: req.body.outcome, revision: state.revision } });
      return stateOf(state);
    });
  };
