import type { Db } from '../client.js';
import { BASIS, COUNTRY_NAMES, FILTER_NONE, PLAN_REFERENCE, periodWindow, ratio, STATISTICS_TIMEZONE, toFen, type Dimension, type MonthlyReport, type ReportLine } from '../../domain/statistics.js';
import { planProgress } from './plan.js';
import { iso } from './sql.js';
import { enterpriseNames, tradeStatistics } from './trade.js';
import type { StatsResult } from './types.js';

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
