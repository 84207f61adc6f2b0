import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import { exportAudit, verifyAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { ApiError } from '../errors.js';
import { AuditExport, AuditQuery, AuditVerificationBody } from '../registry.schemas.js';
import { ErrorBody } from '../schemas.js';
import { requireOpsRole } from '../ops-auth.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The audit trail for platform ops: export a time window (verifiable offline) and verify the whole chain. */
export const auditRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const ops = { preValidation: requireOpsRole({ db: deps.db, breakGlassKey: deps.config.OPS_API_KEY }, 'VIEWER') };

    app.get('/v1/ops/audit', {
      ...ops,
      schema: {
        tags: ['ops'],
        operationId: 'exportAudit',
        summary: 'Export audit entries in seq order (hash-chained; check offline with npm run audit:verify)',
        querystring: AuditQuery,
        response: { 200: AuditExport, ...errors },
      },
    }, async (req) => {
      const { from, to, afterSeq, limit } = req.query;
      const fromAt = from ? new Date(from) : undefined;
      const toAt = to ? new Date(to) : undefined;
      if (fromAt && toAt && toAt <= fromAt) throw new ApiError(400, 'INVALID_RANGE', '`to` must be after `from`', [{ path: 'querystring.to', message: 'must be after from' }]);
      return exportAudit(deps.db, { from: fromAt, to: toAt, afterSeq, limit });
    });

    app.get('/v1/ops/audit/verification', {
      ...ops,
      schema: {
        tags: ['ops'],
        operationId: 'verifyAudit',
        summary: 'Re-walk the whole audit chain and report the first broken entry',
        response: { 200: AuditVerificationBody, ...errors },
      },
    }, async () => verifyAudit(deps.db));
  };
