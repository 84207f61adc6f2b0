import { Prisma, type Db } from '../client.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { directionOf, fenToCny, periodOf, periodWindow, toFen, type Direction, type Source } from '../../domain/statistics.js';
import { and, liveFilters, ts } from './sql.js';
import { tradeStatistics } from './trade.js';
import type { StatsFilters, StatsResult } from './types.js';

/** The declarations behind a figure. */
export interface DrilldownItem {
  id: string;
  orderNo: string;
  enterpriseId: string;
  mode: string;
  direction: Direction;
  corridor: string | null;
  partnerCountry: string | null;
  status: string;
  period: string;
  createdAt: string;
  completedAt: string | null;
  currency: string;
  goodsValue: string;
  /** The CNY value the figure counts (null while a foreign-currency 9610 awaits settlement). */
  valueCny: string | null;
  /** accepted: known when the order was accepted; settled: the CNY amount of the FX settlement. */
  valueSource: 'accepted' | 'settled' | null;
  invtNo: string | null;
  entryId: string | null;
}

/**
 * The counted shipments behind one figure (same period and filters), newest first, keyset-
 * paginated, with the figure itself. The figure's per-month counts say which months hold its
 * shipments, so a page reads only those months (one index range each) and an empty figure
 * reads none: a rare combination of filters never walks the whole period.
 */
export async function drilldown(
  db: Db,
  q: { from: string; to: string; filters: StatsFilters; cursor?: string | undefined; limit: number },
  now: number = Date.now(),
): Promise<{ figure: StatsResult['totals']; sources: Source[]; items: DrilldownItem[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const byMonth = await tradeStatistics(db, { from: q.from, to: q.to, groupBy: ['month'], filters: q.filters }, now);
  let months = byMonth.rows.filter((r) => r.shipments > 0).map((r) => r.key.month!).sort().reverse();
  if (after) months = months.filter((m) => m <= periodOf(after.c));
  const found: Raw[] = [];
  for (const month of months) {
    const w = periodWindow(month);
    const conditions = [Prisma.sql`s."createdAt" >= ${ts(w.start)}`, Prisma.sql`s."createdAt" < ${ts(w.end)}`, ...liveFilters(q.filters)];
    if (after) conditions.push(Prisma.sql`(s."createdAt", s."id") < (${ts(after.c.getTime())}, ${after.i})`);
    const rows = await db.$queryRaw<Raw[]>`
      SELECT s."id", s."orderNo", s."enterpriseId", s."mode", s."corridor", s."partnerCountry", s."status", s."createdAt", s."completedAt",
             s."currency", s."goodsValue"::text AS "goodsValue", s."valueCny"::text AS "valueCny", round(s."cnyAmount", 2)::text AS "cnyAmount",
             s."invtNo", s."entryId"
      FROM "Shipment" s
      WHERE ${and(conditions)}
      ORDER BY s."createdAt" DESC, s."id" DESC
      LIMIT ${q.limit + 1 - found.length}`;
    found.push(...rows);
    if (found.length > q.limit) break;
  }
  const page = found.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    figure: byMonth.totals,
    sources: byMonth.sources,
    items: page.map(toItem),
    nextCursor: found.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

interface Raw {
  id: string;
  orderNo: string;
  enterpriseId: string;
  mode: string;
  corridor: string | null;
  partnerCountry: string | null;
  status: string;
  createdAt: Date;
  completedAt: Date | null;
  currency: string;
  goodsValue: string;
  valueCny: string | null;
  cnyAmount: string | null;
  invtNo: string | null;
  entryId: string | null;
}

function toItem(r: Raw): DrilldownItem {
  const value = r.valueCny ?? r.cnyAmount;
  return {
    id: r.id,
    orderNo: r.orderNo,
    enterpriseId: r.enterpriseId,
    mode: r.mode,
    direction: directionOf(r.mode),
    corridor: r.corridor,
    partnerCountry: r.partnerCountry,
    status: r.status,
    period: periodOf(r.createdAt),
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    currency: r.currency,
    goodsValue: r.goodsValue,
    valueCny: value === null ? null : fenToCny(toFen(value)),
    valueSource: r.valueCny !== null ? 'accepted' : r.cnyAmount !== null ? 'settled' : null,
    invtNo: r.invtNo,
    entryId: r.entryId,
  };
}
