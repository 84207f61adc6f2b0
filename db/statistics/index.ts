/**
 * Statistics over the shipment projection (统计监测). Whole past months are read from the
 * StatsMonthly rollup (one row per period, mode, corridor, partner country and enterprise,
 * refreshed by the monthly statistics workflow and by the seeder); the current month, and any
 * month never rolled up, is aggregated live from "Shipment" through its (createdAt) and
 * (mode, createdAt) / (enterpriseId, createdAt, id) indexes. A figure never mixes rounding rules:
 * every value is rounded to the fen per shipment before it is summed, in the rollup as live, and
 * the two parts are added exactly (in fen).
 */
export * from './types.js';
export { RollupCache, rollupCache } from './cache.js';
export { enterpriseNames, rolledUpPeriods, tradeStatistics } from './trade.js';
export { drilldown, type DrilldownItem } from './drilldown.js';
export { planProgress, type PlanProgress } from './plan.js';
export { PeriodNotClosed, refreshStatsMonth, refreshStatsMonths, staleRollupPeriods, type RollupResult } from './rollup.js';
export { buildMonthlyReport } from './report.js';
