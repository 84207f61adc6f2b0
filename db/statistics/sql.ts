import { Prisma } from '../client.js';
import { EXCLUDED_STATUSES, FILTER_NONE, periodWindow, ROLLUP_NONE, toFen, type Dimension } from '../../domain/statistics.js';
import type { Group, StatsFilters } from './types.js';

/** SQL pieces shared by the statistics queries: dimensions, filters, time windows, result rows. */
export const EXCLUDED = [...EXCLUDED_STATUSES];
export const iso = (ms: number) => new Date(ms).toISOString();
/** A UTC instant as a "timestamp without time zone" parameter (Prisma stores UTC there). */
export const ts = (ms: number) => Prisma.sql`${iso(ms)}::timestamp`;

export const ROLLUP_DIM: Record<Dimension, Prisma.Sql> = {
  month: Prisma.sql`m."period"`,
  mode: Prisma.sql`m."mode"`,
  direction: Prisma.sql`CASE WHEN m."mode" = '1210' THEN 'import' ELSE 'export' END`,
  corridor: Prisma.sql`m."corridor"`,
  partnerCountry: Prisma.sql`m."partnerCountry"`,
  enterprise: Prisma.sql`m."enterpriseId"`,
};

export const LIVE_DIM: Record<Dimension, Prisma.Sql> = {
  // the China-time month of a UTC timestamp (China has no daylight saving)
  month: Prisma.sql`to_char(s."createdAt" + interval '8 hours', 'YYYY-MM')`,
  mode: Prisma.sql`s."mode"`,
  direction: Prisma.sql`CASE WHEN s."mode" = '1210' THEN 'import' ELSE 'export' END`,
  corridor: Prisma.sql`COALESCE(s."corridor", '')`,
  partnerCountry: Prisma.sql`COALESCE(s."partnerCountry", '')`,
  enterprise: Prisma.sql`s."enterpriseId"`,
};

export function rollupFilters(f: StatsFilters): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (f.mode) out.push(Prisma.sql`m."mode" = ${f.mode}`);
  if (f.direction) out.push(f.direction === 'import' ? Prisma.sql`m."mode" = '1210'` : Prisma.sql`m."mode" <> '1210'`);
  if (f.corridor) out.push(Prisma.sql`m."corridor" = ${f.corridor === FILTER_NONE ? ROLLUP_NONE : f.corridor}`);
  if (f.partnerCountry) out.push(Prisma.sql`m."partnerCountry" = ${f.partnerCountry === FILTER_NONE ? ROLLUP_NONE : f.partnerCountry}`);
  if (f.enterpriseId) out.push(Prisma.sql`m."enterpriseId" = ${f.enterpriseId}`);
  return out;
}

export function liveFilters(f: StatsFilters): Prisma.Sql[] {
  const out: Prisma.Sql[] = [Prisma.sql`s."status" <> ALL(${EXCLUDED}::text[])`];
  if (f.mode) out.push(Prisma.sql`s."mode" = ${f.mode}`);
  if (f.direction) out.push(f.direction === 'import' ? Prisma.sql`s."mode" = '1210'` : Prisma.sql`s."mode" <> '1210'`);
  if (f.corridor) out.push(f.corridor === FILTER_NONE ? Prisma.sql`s."corridor" IS NULL` : Prisma.sql`s."corridor" = ${f.corridor}`);
  if (f.partnerCountry) out.push(f.partnerCountry === FILTER_NONE ? Prisma.sql`s."partnerCountry" IS NULL` : Prisma.sql`s."partnerCountry" = ${f.partnerCountry}`);
  if (f.enterpriseId) out.push(Prisma.sql`s."enterpriseId" = ${f.enterpriseId}`);
  return out;
}

export const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`);
export const windowsSql = (windows: { start: number; end: number }[]) =>
  Prisma.join(windows.map((w) => Prisma.sql`(s."createdAt" >= ${ts(w.start)} AND s."createdAt" < ${ts(w.end)})`), ' OR ');

/**
 * The month of a live row as a CASE over the live months' boundaries: a few timestamp comparisons
 * per row instead of formatting every timestamp (to_char), which costs more than the rest of the query.
 */
export function liveMonthExpr(periods: readonly string[]): Prisma.Sql {
  if (periods.length === 0) return LIVE_DIM.month;
  const whens = periods.map((p) => Prisma.sql`WHEN s."createdAt" < ${ts(periodWindow(p).end)} THEN ${p}`);
  return Prisma.sql`(CASE ${Prisma.join(whens, ' ')} END)`;
}

export function toGroups(rows: Record<string, string | number | bigint | null>[], width: number): Group[] {
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
