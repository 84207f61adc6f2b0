import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { slaOverdue } from '../workflows/contract.js';

/** Shipments told per round; the rest wait for the next round (oldest due first). */
const BATCH = 200;

/**
 * One round of the SLA watch: every shipment whose current status passed its service level
 * (Shipment.slaDueAt, written by lean workflow histories) and was not told about that due time yet
 * gets one slaOverdue signal. The workflow holds no timer per wait: a breach costs one signal,
 * a shipment on time costs nothing. Two API instances may tell the same shipment in the same
 * round, which changes nothing (the workflow ignores a due time it already knows, or a stale one).
 * Returns how many were told.
 */
export async function watchSla(db: Db, temporal: Client, now = new Date()): Promise<number> {
  const overdue = await db.$queryRaw<{ id: string; slaDueAt: Date }[]>`
    SELECT "id", "slaDueAt" FROM "Shipment"
    WHERE "slaDueAt" < ${now} AND "slaNotifiedFor" IS DISTINCT FROM "slaDueAt"
    ORDER BY "slaDueAt" LIMIT ${BATCH}`;
  let told = 0;
  for (const s of overdue) {
    try {
      await temporal.workflow.getHandle(s.id).signal(slaOverdue, { dueAt: s.slaDueAt.toISOString() });
      told += 1;
    } catch (err) {
      // a closed workflow has nothing left to breach; anything else: the next round tries again
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    await db.shipment.updateMany({ where: { id: s.id, slaDueAt: s.slaDueAt }, data: { slaNotifiedFor: s.slaDueAt } });
  }
  return told;
}

/** Runs the watch every `everyMs` in this API process until the app closes (0: never). */
export function startSlaWatch(app: FastifyInstance, deps: { db: Db; temporal: Client; everyMs: number }): void {
  if (deps.everyMs === 0) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow round is not overtaken by the next
    running = true;
    watchSla(deps.db, deps.temporal)
      .catch((err: unknown) => app.log.warn({ err }, 'SLA watch round failed; the next round retries'))
      .finally(() => (running = false));
  }, deps.everyMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
