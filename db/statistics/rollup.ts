import type { Db } from '../client.js';
import { fenToCny, periodOf, periodWindow, toFen } from '../../domain/statistics.js';
import { EXCLUDED, iso, ts } from './sql.js';

/** The StatsMonthly rollup: one row per closed month, mode, corridor, partner country and enterprise. */
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
