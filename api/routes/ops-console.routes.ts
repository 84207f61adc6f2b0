import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { getShipment } from '../../db/queries.js';
import { ApiError } from '../errors.js';
import { requireOpsRole } from '../ops-auth.js';
import { ErrorBody, IdParams, OpsSettings, OpsShipmentDetail } from '../schemas.js';

/** The Temporal dev server's Web UI, which `npm start` runs in development. */
const DEV_TEMPORAL_UI = 'http://127.0.0.1:8233';

/** Where ops open a workflow: TEMPORAL_UI_URL, in development the dev server's UI, else none. */
export function temporalUiUrl(config: Config): string | undefined {
  return (config.TEMPORAL_UI_URL ?? (config.development ? DEV_TEMPORAL_UI : undefined))?.replace(/\/+$/, '');
}

/**
 * What the console's ops pages read besides the work queues: one shipment of any enterprise (its
 * detail page) and the platform's settings the pages need (the Temporal Web UI each shipment links to).
 */
export const opsConsoleRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    const errors = { 401: ErrorBody, 403: ErrorBody };
    app.get('/v1/ops/settings', {
      preValidation: requireOpsRole(auth, 'VIEWER'),
      schema: { tags: ['ops'], operationId: 'getOpsSettings', summary: 'Platform settings the ops console needs (the Temporal Web UI address)', response: { 200: OpsSettings, ...errors } },
    }, async () => {
      const url = temporalUiUrl(deps.config);
      return { temporalUi: url ? { url, namespace: deps.config.TEMPORAL_NAMESPACE } : null };
    });
    app.get('/v1/ops/shipments/:id', {
      preValidation: requireOpsRole(auth, 'VIEWER'),
      schema: { tags: ['ops'], operationId: 'getShipmentForOps', summary: "One shipment of any enterprise with its timeline (the shipment id is its workflow id)", params: IdParams, response: { 200: OpsShipmentDetail, 404: ErrorBody, ...errors } },
    }, async (req) => {
      const shipment = await getShipment(deps.db, null, req.params.id);
      if (!shipment) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment');
      return shipment;
    });
  };
