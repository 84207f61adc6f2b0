/**
 * How other code talks to the monthly statistics workflow (statistics.workflow.ts): ids, input
 * and result. The API (ops trigger) and the schedule helper import this file; it holds no logic.
 */

/** Id of the Schedule and prefix of the workflows it starts (Temporal appends the scheduled time). */
export const STATISTICS_SCHEDULE_ID = 'monthly-statistics';

/** A run for one period started by hand (ops API): a second trigger while it runs joins it. */
export function monthlyStatisticsWorkflowId(period: string): string {
  return `${STATISTICS_SCHEDULE_ID}:${period}`;
}

export interface MonthlyStatisticsInput {
  /** `YYYY-MM`, a closed month; absent for a scheduled run, which takes the previous month (China time). */
  period?: string;
}

export interface StatisticsRollupSummary {
  period: string;
  rows: number;
  shipments: number;
  valueCny: string;
  refreshedAt: string;
}

export interface StatisticsReportWritten {
  period: string;
  /** File names under the reports directory (REPORTS_DIR). */
  json: string;
  csv: string;
  shipments: number;
  valueCny: string;
}

export interface MonthlyStatisticsResult {
  period: string;
  rollup: StatisticsRollupSummary;
  /** Earlier months whose shipments changed since their rollup (settled, cancelled…), refreshed again. */
  refreshedAgain: string[];
  report: StatisticsReportWritten;
}
