import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { appendAudit } from '../../db/audit.js';
import { listDeadLetters, requeueDeadLetter } from '../callbacks/inbox.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../schemas.js';
import { opsActor, requireOpsRole, type OpsAuthDeps } from '../ops-auth.js';

const DeadLetter = z
  .object({
    id: z.string(),
    system: z.string(),
    bodyHash: z.string(),
    receivedAt: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    shipmentId: z.string().nullable(),
  })
  .meta({ id: 'DeadLetter' });

/**
 * Callbacks the inbox gave up on after CALLBACK_MAX_ATTEMPTS failed deliveries (api/callbacks/inbox.ts),
 * for ops: list them, and requeue one once its cause is fixed (audited).
 */
export const deadLetterRoutes =
  (deps: { db: Db; ops: OpsAuthDeps }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/ops/callbacks/dead-letters', {
      schema: {
        tags: ['ops'],
        operationId: 'listDeadLetters',
        summary: 'Callbacks whose delivery kept failing, newest first, a page at a time (nextCursor: the next page)',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().regex(/^\d{1,18}$/, 'a nextCursor from the previous page').optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(DeadLetter), nextCursor: z.string().nullable() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      preValidation: requireOpsRole(deps.ops, 'VIEWER'),
    }, async (req) => {
      const page = await listDeadLetters(deps.db, { limit: req.query.limit, before: req.query.cursor === undefined ? undefined : BigInt(req.query.cursor) });
      return { items: page.items.map((r) => ({ ...r, id: String(r.id), receivedAt: r.receivedAt.toISOString() })), nextCursor: page.nextCursor };
    });

    app.post('/v1/ops/callbacks/dead-letters/:id/requeue', {
      schema: {
        tags: ['ops'],
        operationId: 'requeueDeadLetter',
        summary: 'Deliver a dead-lettered callback again (its attempts start over)',
        params: z.object({ id: z.string().regex(/^\d{1,18}$/, 'a dead letter id') }),
        response: { 202: z.object({ id: z.string(), outcome: z.literal('RECEIVED') }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
      preValidation: requireOpsRole(deps.ops, 'OPERATOR'),
    }, async (req, reply) => {
      if (!(await requeueDeadLetter(deps.db, BigInt(req.params.id)))) throw new ApiError(404, 'NOT_FOUND', `no dead letter ${req.params.id}`);
      await appendAudit(deps.db, { actor: opsActor(req).actor, action: 'callback.requeued', subjectType: 'callback', subjectId: req.params.id, detail: {} }).catch((err: unknown) => req.log.error({ err }, 'Audit entry could not be written'));
      return reply.code(202).send({ id: req.params.id, outcome: 'RECEIVED' as const });
    });
  };
