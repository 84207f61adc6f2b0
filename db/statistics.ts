import { Prisma, type Db } from './client.js';
import { InvalidCursor } from './queries.js';
import {
  BASIS,
  COUNTRY_NAMES,
  directionOf,
  EXCLUDED_STATUSES,
  FILTER_NONE,
  fenToCny,
  liveWindows,
  milestoneFor,
  monthsBetween,
  periodOf,
  periodWindow,
  planSources,
  PLAN_REFERENCE,
  ratio,
  ROLLUP_NONE,
  STATISTICS_TIMEZONE,
  toFen,
  type Dimension,
  type Direction,
  type MonthlyReport,
  type ReportLine,
  type Source,
} from '../domain/statistics.js';

/**
 * Statistics over the shipment projection (统计监测). Whole past months are read from the
 * StatsMonthly rollup (one row per period, mode, corridor, partner country and enterprise,
 * refreshed by the monthly statistics workflow and by the seeder); the current month, and any
 * month never rolled up, is aggregated live from "Shipment" through its (createdAt) and
 * (mode, createdAt) / (enterpriseId, createdAt, id) indexes. A figure never mixes rounding rules:
 * every value is rounded to the fen per shipment before it is summed, in the rollup as live, and
 * the two parts are added exactly (in fen).
 */

export interface StatsFilters {
  mode?: string | undefined;
  direction?: Direction | undefined;
  /** A corridor id, or NONE for shipments without one (1210). */
  corridor?: string | undefined;
  /** A customs country code, or NONE. */
  partnerCountry?: string | undefined;
  enterpriseId?: string | undefined;
}

export interface StatsQuery {
  from: string;
  to: string;
  groupBy: readonly Dimension[];
  filters: StatsFilters;
  /** Ignore the rollup and aggregate every month live (the monthly report, tests). */
  live?: boolean;
}

export type StatsKey = Partial<Record<Dimension, string | null>>;

export interface StatsRow {
  key: StatsKey;
  shipments: number;
  valueCny: string;
  valuePendingShipments: number;
}

export interface StatsResult {
  sources: Source[];
  rows: StatsRow[];
  totals: { shipments: number; valueCny: string; valuePendingShipments: number };
}

const EXCLUDED = [...EXCLUDED_STATUSES];
const iso = (ms: number) => new Date(ms).toISOString();
/** A UTC instant as a "timestamp without time zone" parameter (Prisma stores UTC there). */
const ts = (ms: number) => Prisma.sql`${iso(ms)}::timestamp`;

const ROLLUP_DIM: Record<Dimension, Prisma.Sql> = {
  month: Prisma.sql`m."period"`,
  mode: Prisma.sql`m."mode"`,
  direction: Prisma.sql`CASE WHEN m."mode" = '1210' THEN 'import' ELSE 'export' END`,
  corridor: Prisma.sql`m."corridor"`,
  partnerCountry: Prisma.sql`m."partnerCountry"`,
  enterprise: Prisma.sql`m."enterpriseId"`,
};

const LIVE_DIM: Record<Dimension, Prisma.Sql> = {
  // the China-time month of a UTC timestamp (China has no daylight saving)
  month: Prisma.sql`to_char(s."createdAt" + interval '8 hours', 'YYYY-MM')`,
  mode: Prisma.sql`s."mode"`,
  direction: Prisma.sql`CASE WHEN s."mode" = '1210' THEN 'import' ELSE 'export' END`,
  corridor: Prisma.sql`COALESCE(s."corridor", '')`,
  partnerCountry: Prisma.sql`COALESCE(s."partnerCountry", '')`,
  enterprise: Prisma.sql`s."enterpriseId"`,
};

function rollupFilters(f: StatsFilters): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (f.mode) out.push(Prisma.sql`m."mode" = ${f.mode}`);
  if (f.direction) out.push(f.direction === 'import' ? Prisma.sql`m."mode" = '1210'` : Prisma.sql`m."mode" <> '1210'`);
  if (f.corridor) out.push(Prisma.sql`m."corridor" = ${f.corridor === FILTER_NONE ? ROLLUP_NONE : f.corridor}`);
  if (f.partnerCountry) out.push(Prisma.sql`m."partnerCountry" = ${f.partnerCountry === FILTER_NONE ? ROLLUP_NONE : f.partnerCountry}`);
  if (f.enterpriseId) out.push(Prisma.sql`m."enterpriseId" = ${f.enterpriseId}`);
  return out;
}

function liveFilters(f: StatsFilters): Prisma.Sql[] {
  const out: Prisma.Sql[] = [Prisma.sql`s."status" <> ALL(${EXCLUDED}::text[])`];
  if (f.mode) out.push(Prisma.sql`s."mode" = ${f.mode}`);
  if (f.direction) out.push(f.direction === 'import' ? Prisma.sql`s."mode" = '1210'` : Prisma.sql`s."mode" <> '1210'`);
  if (f.corridor) out.push(f.corridor === FILTER_NONE ? Prisma.sql`s."corridor" IS NULL` : Prisma.sql`s."corridor" = ${f.corridor}`);
  if (f.partnerCountry) out.push(f.partnerCountry === FILTER_NONE ? Prisma.sql`s."partnerCountry" IS NULL` : Prisma.sql`s."partnerCountry" = ${f.partnerCountry}`);
  if (f.enterpriseId) out.push(Prisma.sql`s."enterpriseId" = ${f.enterpriseId}`);
  return out;
}

const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`);
const windowsSql = (windows: { start: number; end: number }[]) =>
  Prisma.join(windows.map((w) => Prisma.sql`(s."createdAt" >= ${ts(w.start)} AND s."createdAt" < ${ts(w.end)})`), ' OR ');

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

/** One aggregated group: its key values in groupBy order, shipments, value in fen, pending. */
interface Group {
  keys: (string | null)[];
  n: number;
  fen: bigint;
  pending: number;
}

/**
 * Aggregates of rolled-up months, kept in memory: a closed month's StatsMonthly rows change only
 * when the month is refreshed, and the key holds each month's refresh time, so an entry can never
 * be stale (a refresh makes a new key; old ones age out). Bounded in entries and in groups per entry.
 */
export class RollupCache {
  private readonly entries = new Map<string, Group[]>();
  hits = 0;
  misses = 0;
  constructor(private readonly maxEntries = 500, private readonly maxGroups = 20_000) {}
  get(key: string): Group[] | undefined {
    const v = this.entries.get(key);
    if (v) {
      this.entries.delete(key);
      this.entries.set(key, v);
      this.hits++;
    } else {
      this.misses++;
    }
    return v;
  }
  set(key: string, groups: Group[]): void {
    if (groups.length > this.maxGroups) return;
    this.entries.set(key, groups);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide cache of rollup aggregates (the bench clears it to measure cold requests). */
export const rollupCache = new RollupCache();

function toGroups(rows: Record<string, string | number | bigint | null>[], width: number): Group[] {
  const out: Group[] = [];
  for (const r of rows) {
    const n = Number(r.n ?? 0);
    if (n === 0) continue; // the no-group total over nothing
    out.push({
      keys: Array.from({ length: width }, (_, i) => (r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`]))),
      n,
      fen: toFen(String(r.v ?? '0')),
      pending: Number(r.p ?? 0),
    });
  }
  return out;
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

/**
 * The month of a live row as a CASE over the live months' boundaries: a few timestamp comparisons
 * per row instead of formatting every timestamp (to_char), which costs more than the rest of the query.
 */
function liveMonthExpr(periods: readonly string[]): Prisma.Sql {
  if (periods.length === 0) return LIVE_DIM.month;
  const whens = periods.map((p) => Prisma.sql`WHEN s."createdAt" < ${ts(periodWindow(p).end)} THEN ${p}`);
  return Prisma.sql`(CASE ${Prisma.join(whens, ' ')} END)`;
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

// --- Drill-down: the declarations behind a figure ---------------------------------------------

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

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ c: createdAt.toISOString(), i: id })).toString('base64url');
}

function decodeCursor(cursor: string): { c: Date; i: string } {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    const c = new Date(String(raw.c));
    if (typeof raw.i !== 'string' || Number.isNaN(c.getTime())) throw new Error('bad cursor');
    return { c, i: raw.i };
  } catch {
    throw new InvalidCursor('cursor is not one this API issued');
  }
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

// --- Progress against the plan ----------------------------------------------------------------

export interface PlanProgress {
  year: number;
  from: string;
  through: string;
  sources: Source[];
  figures: {
    tradeValueCny: string;
    exportValueCny: string;
    importValueCny: string;
    shipments: number;
    valuePendingShipments: number;
    activeEnterprises: number;
    registeredEnterprises: number;
  };
  milestone: ReturnType<typeof milestoneFor>;
}

/**
 * The zone's figures of a calendar year (to the current month for the running year) for the
 * plan's targets: trade value (import + export), active enterprises (at least one counted
 * shipment in the year) and registered enterprises (approved rows of the registry, created
 * before the year's end).
 */
export async function planProgress(db: Db, year: number, now: number = Date.now(), opts: { through?: string } = {}): Promise<PlanProgress> {
  const current = periodOf(now);
  const from = `${year}-01`;
  const through = opts.through ?? (`${year}-12` < current ? `${year}-12` : current);
  const stats = await tradeStatistics(db, { from, to: through, groupBy: ['enterprise', 'direction'], filters: {} }, now);
  let exportFen = 0n;
  let importFen = 0n;
  for (const r of stats.rows) {
    if (r.key.direction === 'import') importFen += toFen(r.valueCny);
    else exportFen += toFen(r.valueCny);
  }
  const registeredEnterprises = await db.enterprise.count({ where: { status: 'APPROVED', createdAt: { lt: new Date(periodWindow(`${year}-12`).end) } } });
  return {
    year,
    from,
    through,
    sources: stats.sources,
    figures: {
      tradeValueCny: stats.totals.valueCny,
      exportValueCny: fenToCny(exportFen),
      importValueCny: fenToCny(importFen),
      shipments: stats.totals.shipments,
      valuePendingShipments: stats.totals.valuePendingShipments,
      activeEnterprises: new Set(stats.rows.map((r) => r.key.enterprise)).size,
      registeredEnterprises,
    },
    milestone: milestoneFor(year),
  };
}

// --- The StatsMonthly rollup ------------------------------------------------------------------

export class PeriodNotClosed extends Error {
  readonly code = 'PERIOD_NOT_CLOSED';
}

export interface RollupResult {
  period: string;
  rows: number;
  shipments: number;
  valueCny: string;
  refreshedAt: string;
}

/**
 * Rebuilds the StatsMonthly rows of one closed month from the shipments, in one transaction
 * (readers see the old rows or the new ones, never a mix). Idempotent. `refreshedAt` is taken
 * before the shipments are read, so a shipment changed during the refresh is seen as newer than
 * the rollup (staleRollupPeriods) and the month is refreshed again.
 */
export async function refreshStatsMonth(db: Db, period: string, now: number = Date.now()): Promise<RollupResult> {
  if (period >= periodOf(now)) throw new PeriodNotClosed(`${period} is not a closed month yet (China time)`);
  const { start, end } = periodWindow(period);
  const refreshedAt = new Date(now);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`DELETE FROM "StatsMonthly" WHERE "period" = ${period}`;
      const rows = await tx.$executeRaw`
        INSERT INTO "StatsMonthly" ("period", "mode", "corridor", "partnerCountry", "enterpriseId", "shipments", "valueCny", "updatedAt")
        SELECT ${period}, s."mode", COALESCE(s."corridor", ''), COALESCE(s."partnerCountry", ''), s."enterpriseId",
               count(*)::int, COALESCE(sum(round(COALESCE(s."valueCny", s."cnyAmount"), 2)), 0), ${iso(refreshedAt.getTime())}::timestamp
        FROM "Shipment" s
        WHERE s."createdAt" >= ${ts(start)} AND s."createdAt" < ${ts(end)} AND s."status" <> ALL(${EXCLUDED}::text[])
        GROUP BY s."mode", COALESCE(s."corridor", ''), COALESCE(s."partnerCountry", ''), s."enterpriseId"`;
      const [t] = await tx.$queryRaw<{ shipments: bigint | null; value: string }[]>`
        SELECT sum("shipments")::bigint AS shipments, COALESCE(sum("valueCny"), 0)::text AS value FROM "StatsMonthly" WHERE "period" = ${period}`;
      return { period, rows, shipments: Number(t?.shipments ?? 0), valueCny: fenToCny(toFen(t?.value ?? '0')), refreshedAt: refreshedAt.toISOString() };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

/**
 * Rolled-up months before `before` whose shipments changed after their rollup was refreshed
 * (settled, cancelled, returned…): the monthly workflow refreshes them again. Reads each such
 * month's shipments once through the (createdAt) index.
 */
export async function staleRollupPeriods(db: Db, before: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ period: string }[]>`
    WITH r AS (
      SELECT "period", min("updatedAt") AS refreshed, to_date("period" || '-01', 'YYYY-MM-DD')::timestamp AS first
      FROM "StatsMonthly" WHERE "period" < ${before} GROUP BY "period"
    )
    SELECT r."period" FROM r
    WHERE EXISTS (
      SELECT 1 FROM "Shipment" s
      WHERE s."createdAt" >= r.first - interval '8 hours' AND s."createdAt" < r.first + interval '1 month' - interval '8 hours'
        AND s."updatedAt" > r.refreshed
    )
    ORDER BY r."period"`;
  return rows.map((r) => r.period);
}

/** Refreshes several closed months, one transaction each. */
export async function refreshStatsMonths(db: Db, periods: readonly string[], now: number = Date.now()): Promise<RollupResult[]> {
  const out: RollupResult[] = [];
  for (const p of periods) out.push(await refreshStatsMonth(db, p, now));
  return out;
}

// --- The monthly report -----------------------------------------------------------------------

/**
 * The monthly statistics report of a closed month: totals and the month by direction, mode,
 * corridor, partner country and enterprise (aggregated live from the shipments right after the
 * rollup was refreshed, so it also says how many shipments still await their CNY value), and the
 * year to date against the plan's targets.
 */
export async function buildMonthlyReport(db: Db, period: string, opts: { generatedAt: string; refreshedAt: string }, now: number = Date.now()): Promise<MonthlyReport> {
  const window = periodWindow(period);
  const by = (d: Dimension) => tradeStatistics(db, { from: period, to: period, groupBy: [d], filters: {}, live: true }, now);
  const [total, direction, mode, corridor, country, enterprise] = await Promise.all([
    tradeStatistics(db, { from: period, to: period, groupBy: [], filters: {}, live: true }, now),
    by('direction'), by('mode'), by('corridor'), by('partnerCountry'), by('enterprise'),
  ]);
  const names = await enterpriseNames(db, enterprise.rows.map((r) => r.key.enterprise!));
  const lines = (res: StatsResult, d: Dimension, label: (k: string | null) => string): ReportLine[] =>
    res.rows.map((r) => ({ key: r.key[d] ?? FILTER_NONE, label: label(r.key[d] ?? null), shipments: r.shipments, valueCny: r.valueCny, valuePendingShipments: r.valuePendingShipments }));
  const year = Number(period.slice(0, 4));
  const progress = await planProgress(db, year, now, { through: period });
  const m = progress.milestone.milestone;
  return {
    kind: 'cbec-hub.statistics.monthly',
    period,
    window: { start: iso(window.start), end: iso(window.end), timezone: STATISTICS_TIMEZONE },
    generatedAt: opts.generatedAt,
    refreshedAt: opts.refreshedAt,
    basis: {
      ...BASIS,
      valuePendingShipments: 'counted shipments without a CNY value yet (foreign-currency 9610 before FX settlement) when the report was made (aggregated from the shipments right after the rollup refresh)',
      source: 'the shipments of the month at generatedAt, the same data the StatsMonthly rows refreshed at refreshedAt hold',
    },
    totals: { ...total.totals, enterprises: enterprise.rows.length },
    byDirection: lines(direction, 'direction', (k) => (k === 'import' ? 'import (1210)' : 'export (9610, 9710, 9810)')),
    byMode: lines(mode, 'mode', (k) => String(k)),
    byCorridor: lines(corridor, 'corridor', (k) => k ?? 'no corridor (1210 bonded import)'),
    byPartnerCountry: lines(country, 'partnerCountry', (k) => (k ? (COUNTRY_NAMES[k] ?? k) : 'unknown')),
    byEnterprise: lines(enterprise, 'enterprise', (k) => names.get(k ?? '') ?? String(k)),
    targets: {
      plan: PLAN_REFERENCE,
      year,
      through: period,
      milestoneYear: m.year,
      note: progress.milestone.note,
      tradeValueCny: { actual: progress.figures.tradeValueCny, target: m.annualTradeValueCny, progress: ratio(toFen(progress.figures.tradeValueCny), toFen(m.annualTradeValueCny)) },
      enterprises: { active: progress.figures.activeEnterprises, target: m.enterprises, progress: ratio(BigInt(progress.figures.activeEnterprises), BigInt(m.enterprises)) },
    },
  };
}
