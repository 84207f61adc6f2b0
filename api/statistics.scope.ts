import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import type { StatsFilters, StatsKey } from '../db/statistics/types.js';
import { FILTER_NONE, monthsBetween, periodOf, periodWindow, STATISTICS_TIMEZONE, type Source } from '../domain/statistics.js';
import { authenticate } from './auth.js';
import { ApiError } from './errors.js';
import { opsIdentity } from './ops-auth.js';

/** The most months one statistics request may cover. */
const MAX_MONTHS = 120;

/** Who asks: ops (the whole zone) or one enterprise. */
export type Who = { kind: 'zone'; enterpriseId: null } | { kind: 'enterprise'; enterpriseId: string };

/** The ops key sees the zone; an enterprise key its own figures. */
export async function who(db: Db, config: Config, req: FastifyRequest): Promise<Who> {
  if (await opsIdentity({ db, breakGlassKey: config.OPS_API_KEY }, req)) return { kind: 'zone', enterpriseId: null };
  const caller = await authenticate(db, req);
  return { kind: 'enterprise', enterpriseId: caller.enterpriseId };
}

export function requireZone(scope: Who): void {
  if (scope.kind !== 'zone') throw new ApiError(403, 'FORBIDDEN', 'zone figures, targets and reports need the ops key; an enterprise key sees its own figures under /v1/statistics/trade');
}

/** The months and filters of a request, checked and narrowed to the caller's scope. */
export function resolve(scope: Who, q: { from?: string | undefined; to?: string | undefined } & StatsFilters, now: number) {
  const current = periodOf(now);
  const from = q.from ?? `${current.slice(0, 4)}-01`;
  const to = q.to ?? current;
  if (from > to) throw new ApiError(400, 'INVALID_PERIOD', `from ${from} is after to ${to}`, [{ path: 'querystring.from', message: 'must not be after to' }]);
  if (to > current) throw new ApiError(400, 'PERIOD_IN_FUTURE', `${to} has not begun yet (China time)`, [{ path: 'querystring.to', message: 'must be the current month or earlier' }]);
  if (monthsBetween(from, to).length > MAX_MONTHS) throw new ApiError(400, 'PERIOD_TOO_LONG', `at most ${MAX_MONTHS} months at a time`, [{ path: 'querystring.from', message: `at most ${MAX_MONTHS} months before to` }]);
  if (scope.kind === 'enterprise' && q.enterpriseId && q.enterpriseId !== scope.enterpriseId) {
    throw new ApiError(403, 'FORBIDDEN', "an enterprise key sees only its own figures", [{ path: 'querystring.enterpriseId', message: "not the caller's enterprise" }]);
  }
  const filters: StatsFilters = {
    mode: q.mode, direction: q.direction, corridor: q.corridor, partnerCountry: q.partnerCountry,
    enterpriseId: scope.kind === 'enterprise' ? scope.enterpriseId : q.enterpriseId,
  };
  const period = { from, to, start: new Date(periodWindow(from).start).toISOString(), end: new Date(periodWindow(to).end).toISOString(), timezone: STATISTICS_TIMEZONE };
  return { from, to, filters, period };
}

export const filtersOut = (f: StatsFilters) => ({
  mode: f.mode ?? null, direction: f.direction ?? null, corridor: f.corridor ?? null, partnerCountry: f.partnerCountry ?? null, enterpriseId: f.enterpriseId ?? null,
});
export const sourcesOut = (s: Source[]) => s.map((x) => ({ period: x.period, source: x.source, refreshedAt: x.source === 'rollup' ? x.refreshedAt : null }));

/** The drill-down link of one figure: the request's months and filters plus the row's key. */
export function drilldownLink(from: string, to: string, f: StatsFilters, key: StatsKey): string {
  const q = new URLSearchParams();
  const month = key.month;
  q.set('from', month ?? from);
  q.set('to', month ?? to);
  const merged: Record<string, string | undefined> = {
    mode: key.mode ?? f.mode,
    direction: key.direction ?? f.direction,
    corridor: 'corridor' in key ? (key.corridor ?? FILTER_NONE) : f.corridor,
    partnerCountry: 'partnerCountry' in key ? (key.partnerCountry ?? FILTER_NONE) : f.partnerCountry,
    enterpriseId: key.enterprise ?? f.enterpriseId,
  };
  for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
  return `/v1/statistics/drilldown?${q.toString()}`;
}
