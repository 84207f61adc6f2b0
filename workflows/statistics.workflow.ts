import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { previousPeriod } from '../domain/summary.js';
import type { MonthlyStatisticsInput, MonthlyStatisticsResult } from './statistics-contract.js';

/** Database work only (no outside system): a generous timeout, retries that back off to a minute. */
const acts = (summary: string) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
    summary,
  });

/**
 * The monthly statistics report (统计监测, plan 二（五）5 "定期发布相关数据统计分析报告"), started by
 * the `monthly-statistics` Schedule on the 1st of each month (worker/statistics-schedule.ts) or by
 * ops for a past month (POST /v1/ops/statistics/reports). It rebuilds the month's StatsMonthly
 * rollup, rebuilds earlier months whose shipments changed after their rollup (a 9610 settled in
 * a later month, a late cancellation), then writes the month's report as JSON and CSV. Every step
 * is idempotent, so a re-run of a month replaces its rollup and report.
 */
export async function monthlyStatisticsWorkflow(input: MonthlyStatisticsInput = {}): Promise<MonthlyStatisticsResult> {
  // a scheduled run (no period) reports the month before the one it runs in, China time
  const period = input.period ?? previousPeriod(Date.now());
  setCurrentDetails(`**Statistics ${period}**: refreshing the rollup`);
  const rollup = await acts(`Refresh StatsMonthly for ${period}`).refreshStatisticsMonth({ period });
  const refreshedAgain = await acts(`Refresh months before ${period} changed since their rollup`).refreshStaleStatistics({ before: period });
  const report = await acts(`Write the ${period} statistics report (JSON, CSV)`).writeStatisticsReport({
    period,
    generatedAt: new Date(Date.now()).toISOString(),
    refreshedAt: rollup.refreshedAt,
  });
  setCurrentDetails(
    `**Statistics ${period}**: ${report.shipments} shipments, CNY ${report.valueCny}; report ${report.json} and ${report.csv}` +
      (refreshedAgain.length ? `; also refreshed ${refreshedAgain.join(', ')}` : ''),
  );
  return { period, rollup, refreshedAgain, report };
}
