import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';

const Health = z.object({ status: z.enum(['ok', 'degraded']), database: z.boolean(), temporal: z.boolean() }).meta({ id: 'Health' });

/** 200 only when both the database and Temporal answer. */
export const healthRoutes =
  (deps: { db: Db; temporal: Client }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health', { schema: { tags: ['health'], operationId: 'health', response: { 200: Health, 503: Health } } }, async (_req, reply) => {
      const [database, temporal] = await Promise.all([
        deps.db.$queryRaw`SELECT 1`.then(() => true, () => false),
        deps.temporal.connection.workflowService.getSystemInfo({}).then(() => true, () => false),
      ]);
      const ok = database && temporal;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, temporal });
    });
  };
