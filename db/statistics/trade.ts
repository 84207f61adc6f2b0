import { Prisma, type Db } from '../client.js';
import { fenToCny, liveWindows, monthsBetween, periodOf, planSources, ROLLUP_NONE, toFen, type Dimension } from '../../domain/statistics.js';
import { rollupCache } from './cache.js';
import { and, LIVE_DIM, liveFilters, liveMonthExpr, ROLLUP_DIM, rollupFilters, toGroups, windowsSql } from './sql.js';
import type { Group, StatsFilters, StatsKey, StatsQuery, StatsResult, StatsRow } from './types.js';

/**
 * The closed months in [from, to] that have StatsMonthly rows, with when they were refreshed.
 * A loose index scan over the primary key (period first): one index probe per month, however
 * many rows each month has.
 */
export async function rolledUpPeriods(db: Db, from: string, to: string): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<{ period: string; refreshedAt: Date }[]>`
    WITH RECURSIVE p(period) AS (
      SELECT min("period") FROM "StatsMonthly" WHERE "period" >= ${from} AND "period" <= ${to}
      UNION ALL
      SELECT (SELECT min("period") FROM "StatsMonthly" WHERE "period" > p.period AND "period" <= ${to}) FROM p WHERE p.period IS NOT NULL
    )
    SELECT p.period, (
      -- every row of a refresh has the same updatedAt; ORDER BY the key keeps this an index probe
      SELECT "updatedAt" FROM "StatsMonthly" WHERE "period" = p.period
      ORDER BY "period", "mode", "corridor", "partnerCountry", "enterpriseId" LIMIT 1
    ) AS "refreshedAt"
    FROM p WHERE p.period IS NOT NULL`;
  return new Map(rows.map((r) => [r.period, r.refreshedAt.toISOString()]));
}

async function rollupGroups(db: Db, periods: string[], dims: Dimension[], filters: StatsFilters): Promise<Group[]> {
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  const cols = dims.map((d, i) => Prisma.sql`${ROLLUP_DIM[d]} AS ${Prisma.raw(`k${i}`)}`);
  const keys = dims.map((_, i) => Prisma.raw(`k${i}`));
  // a range on the primary key's first column; the list only when some month in it is not rolled up
  const gaps = periods.length < monthsBetween(first, last).length ? Prisma.sql`AND m."period" = ANY(${periods}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<Record<string, string | number | bigint | null>[]>`
    SELECT ${Prisma.join([...cols, Prisma.sql`sum(m."shipments")::bigint AS n`, Prisma.sql`COALESCE(sum(m."valueCny"), 0)::text AS v`, Prisma.sql`0 AS p`])}
    FROM "StatsMonthly" m
    WHERE m."period" >= ${first} AND m."period" <= ${last} ${gaps} AND ${and(rollupFilters(filters))}
    ${keys.length ? Prisma.sql`GROUP BY ${Prisma.join(keys)}` : Prisma.empty}`;
  return toGroups(rows, dims.length);
}

async function liveGroups(db: Db, periods: readonly string[], dims: Dimension[], filters: StatsFilters): Promise<Group[]> {
  const windows = liveWindows(periods.map((period) => ({ period, source: 'live' as const })));
  const cols = dims.map((d, i) => Prisma.sql`${d === 'month' ? liveMonthExpr(periods) : LIVE_DIM[d]} AS ${Prisma.raw(`k${i}`)}`);
  const keys = dims.map((_, i) => Prisma.raw(`k${i}`));
  const rows = await db.$queryRaw<Record<string, string | number | bigint | null>[]>`
    SELECT ${Prisma.join([
      ...cols,
      Prisma.sql`count(*)::bigint AS n`,
      // each value rounded to the fen before summing, as in the rollup
      Prisma.sql`COALESCE(sum(round(COALESCE(s."valueCny", s."cnyAmount"), 2)), 0)::text AS v`,
      Prisma.sql`count(*) FILTER (WHERE s."valueCny" IS NULL AND s."cnyAmount" IS NULL)::bigint AS p`,
    ])}
    FROM "Shipment" s
    WHERE (${windowsSql(windows)}) AND ${and(liveFilters(filters))}
    ${keys.length ? Prisma.sql`GROUP BY ${Prisma.join(keys)}` : Prisma.empty}`;
  return toGroups(rows, dims.length);
}

/**
 * Shipments and CNY value in [from, to] (whole months, China time) with the filters, grouped by
 * the dimensions (none: one total row). The rolled-up months come from StatsMonthly (through the
 * RollupCache), the live months from "Shipment", both queried at once; groups are merged exactly
 * (fen). Rows come sorted by month (when grouped by month), then by value, largest first.
 */
export async function tradeStatistics(db: Db, q: StatsQuery, now: number = Date.now()): Promise<StatsResult> {
  const months = monthsBetween(q.from, q.to);
  const current = periodOf(now);
  const rolled = q.live ? new Map<string, string>() : await rolledUpPeriods(db, q.from, q.to);
  const sources = planSources(months, current, rolled);
  const rollupPeriods = sources.filter((s) => s.source === 'rollup').map((s) => s.period);
  const dims = [...q.groupBy];

  const rollupPart = async (): Promise<Group[]> => {
    if (rollupPeriods.length === 0) return [];
    const key = JSON.stringify([rollupPeriods.map((p) => `${p}@${rolled.get(p)}`), dims, q.filters]);
    const cached = rollupCache.get(key);
    if (cached) return cached;
    const groups = await rollupGroups(db, rollupPeriods, dims, q.filters);
    rollupCache.set(key, groups);
    return groups;
  };
  const livePeriods = sources.filter((s) => s.source === 'live').map((s) => s.period);
  const parts = await Promise.all([rollupPart(), livePeriods.length > 0 ? liveGroups(db, livePeriods, dims, q.filters) : Promise.resolve([])]);

  const merged = new Map<string, Group>();
  for (const g of parts.flat()) {
    const k = JSON.stringify(g.keys);
    const m = merged.get(k);
    if (m) merged.set(k, { keys: g.keys, n: m.n + g.n, fen: m.fen + g.fen, pending: m.pending + g.pending });
    else merged.set(k, g);
  }
  const out: StatsRow[] = [];
  let shipments = 0;
  let fen = 0n;
  let pending = 0;
  for (const g of merged.values()) {
    const key: StatsKey = {};
    dims.forEach((d, i) => {
      const v = g.keys[i];
      key[d] = v === null || v === undefined || v === ROLLUP_NONE ? null : v;
    });
    out.push({ key, shipments: g.n, valueCny: fenToCny(g.fen), valuePendingShipments: g.pending });
    shipments += g.n;
    fen += g.fen;
    pending += g.pending;
  }
  const byValue = (a: StatsRow, b: StatsRow) => {
    const d = toFen(b.valueCny) - toFen(a.valueCny);
    return d > 0n ? 1 : d < 0n ? -1 : b.shipments - a.shipments || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key));
  };
  out.sort((a, b) => (dims.includes('month') ? String(a.key.month).localeCompare(String(b.key.month)) : 0) || byValue(a, b));
  return { sources, rows: out, totals: { shipments, valueCny: fenToCny(fen), valuePendingShipments: pending } };
}

/** Names of enterprises, for labels. */
export async function enterpriseNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.enterprise.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
