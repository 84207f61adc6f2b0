import type { Db } from '../db/client.js';
import { applyProjectionUpdate, applyProjectionUpdates } from '../db/projection.js';
import type { ProjectionUpdate } from '../domain/projection.js';
import { appendEvent, stockReceivedEvent } from '../db/events.js';

export const createProjectionActivities = (deps: { db: Db }) => ({
  /** Moves the shipment's database row and timeline forward (sequence-guarded). */
  async projectShipment(update: ProjectionUpdate): Promise<void> {
    await applyProjectionUpdate(deps.db, update);
  },
  /** Several writes in order, in one local activity (a shipment about to wait, lean history). */
  async projectShipments(updates: ProjectionUpdate[]): Promise<void> {
    await applyProjectionUpdates(deps.db, updates);
  },
  /**
   * Moves a stock entry's row (idempotent: the same status again changes nothing); differences
   * between what was announced and counted in are kept beside the announced lines, for ops.
   */
  async projectStockEntry(update: { entryId: string; status: string; inboundNo: string; discrepancies?: { sku: string; announced: number; received: number }[] }): Promise<void> {
    await deps.db.$transaction(async (tx) => {
      if (update.discrepancies) {
        await tx.$executeRaw`UPDATE "StockEntry" SET "lines" = jsonb_set("lines"::jsonb, '{discrepancies}', ${JSON.stringify(update.discrepancies)}::jsonb) WHERE "id" = ${update.entryId}`;
      }
      const row = await tx.stockEntry.update({ where: { id: update.entryId }, data: { status: update.status, inboundNo: update.inboundNo } });
      // the enterprise's stock.received event commits with the status (outbox); written once per entry and status
      if (update.status.startsWith('RECEIVED')) await appendEvent(tx, stockReceivedEvent(row.enterpriseId, update));
    });
  },
});
