import { Prisma, type Db } from './client.js';
import { queryRows } from './sql.js';

/**
 * The workers' working set: open shipments whose timeline moved in the last `windowMs` (every
 * step a workflow projects sets "updatedAt", db/projection.ts; a create sets it too). These are
 * the shipments whose next step is coming soon, so the ones a worker's cache must hold for its
 * steps not to replay their histories. A range scan of the updatedAt index: it reads only the
 * recent rows, however many shipments the table holds.
 */
export async function movingShipments(db: Db, windowMs: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`
    SELECT count(*)::int AS n FROM "Shipment"
    WHERE "updatedAt" > now() - make_interval(secs => ${windowMs / 1000}) AND "completedAt" IS NULL`);
  return row?.n ?? 0;
}
