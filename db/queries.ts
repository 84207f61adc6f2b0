import type { Db } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { SUMMARY_EVENT_SEQ } from './summaries.js';

const iso = (d: Date) => d.toISOString();

/** One enterprise's shipments, newest first, keyset-paginated (stable under inserts). */
export async function listShipments(
  db: Db,
  enterpriseId: string,
  q: { status?: string | undefined; mode?: string | undefined; orderNo?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const { page, nextCursor } = await shipmentPage(db, {
    enterpriseId,
    ...(q.status ? { status: q.status } : {}),
    ...(q.mode ? { mode: q.mode } : {}),
    ...(q.orderNo ? { orderNo: { startsWith: q.orderNo, mode: 'insensitive' as const } } : {}),
  }, q);
  return { items: page.map(summaryOf), nextCursor };
}

/** Every enterprise's shipments in one status (ops work queues), newest first, keyset-paginated. */
export async function listShipmentsInStatus(db: Db, q: { status: string; cursor?: string | undefined; limit: number }) {
  const { page, nextCursor } = await shipmentPage(db, { status: q.status }, q);
  return { items: page.map((r) => ({ ...summaryOf(r), enterpriseId: r.enterpriseId, lastInfo: r.lastInfo })), nextCursor };
}

/** How many of one enterprise's shipments are in each status. */
export async function countShipmentsByStatus(db: Db, enterpriseId: string) {
  const groups = await db.shipment.groupBy({ by: ['status'], where: { enterpriseId }, _count: { _all: true }, orderBy: { status: 'asc' } });
  const byStatus = groups.map((g) => ({ status: g.status, count: g._count._all }));
  return { byStatus, total: byStatus.reduce((n, g) => n + g.count, 0) };
}

type ShipmentWhere = NonNullable<Parameters<Db['shipment']['findMany']>[0]>['where'];

async function shipmentPage(db: Db, where: ShipmentWhere, q: { cursor?: string | undefined; limit: number }) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await db.shipment.findMany({
    where: { ...where, ...(after ? { OR: [{ createdAt: { lt: after.c } }, { createdAt: after.c, id: { lt: after.i } }] } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

function summaryOf(r: { id: string; orderNo: string; mode: string; corridor: string | null; status: string; stage: string; createdAt: Date; updatedAt: Date }) {
  return { id: r.id, orderNo: r.orderNo, mode: r.mode, corridor: r.corridor, status: r.status, stage: r.stage, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
}

/**
 * One shipment with its timeline: the enterprise's own, or (enterpriseId null) any enterprise's,
 * for ops; undefined when not the caller's. The timeline stops at the row's seq: an event and the
 * row's move are one statement (db/projection.ts), so an event written between the two reads is
 * left out rather than shown beside the status it replaced. The monthly summary's entry
 * (SUMMARY_EVENT_SEQ) does not move the row and is always shown.
 */
export async function getShipment(db: Db, enterpriseId: string | null, id: string) {
  const row = await db.shipment.findFirst({ where: enterpriseId === null ? { id } : { id, enterpriseId } });
  if (!row) return undefined;
  const r = { ...row, events: await db.shipmentEvent.findMany({ where: { shipmentId: row.id, OR: [{ seq: { lte: row.seq } }, { seq: SUMMARY_EVENT_SEQ }] }, orderBy: { seq: 'asc' } }) };
  return {
    id: r.id,
    enterpriseId: r.enterpriseId,
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
