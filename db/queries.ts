import type { Db } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const iso = (d: Date) => d.toISOString();

/** One enterprise's shipments, newest first, keyset-paginated (stable under inserts). */
export async function listShipments(
  db: Db,
  enterpriseId: string,
  q: { status?: string | undefined; mode?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await db.shipment.findMany({
    where: {
      enterpriseId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.mode ? { mode: q.mode } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.c } }, { createdAt: after.c, id: { lt: after.i } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, orderNo: r.orderNo, mode: r.mode, corridor: r.corridor, status: r.status, stage: r.stage, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** One shipment of one enterprise with its timeline; undefined when not the caller's. */
export async function getShipment(db: Db, enterpriseId: string, id: string) {
  const r = await db.shipment.findFirst({ where: { id, enterpriseId }, include: { events: { orderBy: { seq: 'asc' } } } });
  if (!r) return undefined;
  return {
    id: r.id,
    orderNo: r.orderNo,
    mode: r.mode,
    corridor: r.corridor,
    status: r.status,
    stage: r.stage,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    completedAt: r.completedAt ? iso(r.completedAt) : null,
    lastInfo: r.lastInfo,
    declaration: { preNo: r.preNo, invtNo: r.invtNo, entryId: r.entryId },
    transport: { bookingNo: r.bookingNo },
    tax: { recordNo: r.taxRecordNo },
    amounts: {
      currency: r.currency,
      goodsValue: r.goodsValue.toString(),
      cnyAmount: r.cnyAmount?.toString() ?? null,
      fxRate: r.fxRate?.toString() ?? null,
      settlementId: r.settlementId,
    },
    timeline: r.events.map((e) => ({ seq: e.seq, at: iso(e.at), stage: e.stage, status: e.status, type: e.type, info: String((e.detail as { info?: unknown }).info ?? '') })),
  };
}
