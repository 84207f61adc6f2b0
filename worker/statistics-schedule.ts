import { ensureSchedule } from './schedules.js';
import { ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { STATISTICS_TIMEZONE } from '../domain/statistics.js';
import { monthlyStatisticsWorkflowId, STATISTICS_SCHEDULE_ID } from '../workflows/statistics-contract.js';
import type { monthlyStatisticsWorkflow } from '../workflows/statistics.workflow.js';

/** 01:00 China time on the 1st: the closed month's figures before the 02:00 summary declaration run. */
export const STATISTICS_SCHEDULE_AT = { dayOfMonth: 1, hour: 1, minute: 0 } as const;

/** A run missed while Temporal was down is still taken when it is back within this window. */
export const STATISTICS_CATCHUP_WINDOW = '7 days';

/**
 * The `monthly-statistics` Schedule: on the 1st of each month at 01:00 China time (real calendar
 * time, whatever TIME_SCALE is), start `monthlyStatisticsWorkflow` without a period, so that it
 * reports the previous calendar month. Overlap SKIP: a run still going is not doubled.
 */
export function statisticsScheduleOptions(config: Config): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof monthlyStatisticsWorkflow>> {
  return {
    scheduleId: STATISTICS_SCHEDULE_ID,
    spec: {
      calendars: [{ ...STATISTICS_SCHEDULE_AT, comment: 'statistics rollup and report (统计监测) of the previous month' }],
      timezone: STATISTICS_TIMEZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'monthlyStatisticsWorkflow',
      // Temporal appends the scheduled time: monthly-statistics-2026-11-30T17:00:00Z
      workflowId: STATISTICS_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{}],
      staticSummary: 'Statistics rollup and report of the previous month (scheduled)',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: STATISTICS_CATCHUP_WINDOW, pauseOnFailure: false },
  };
}

/** Creates the Schedule, or brings an existing one to the current configuration (its paused state is kept). */
export async function ensureStatisticsSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule(client, statisticsScheduleOptions(config));
}

/**
 * Runs the statistics of one closed month now (ops, POST /v1/ops/statistics/reports). A trigger
 * while the same month runs joins that run; once it has ended, a new run rebuilds the month.
 */
export async function startMonthlyStatistics(client: Client, config: Config, period: string): Promise<{ workflowId: string; runId: string }> {
  const handle = await client.workflow.start<typeof monthlyStatisticsWorkflow>('monthlyStatisticsWorkflow', {
    workflowId: monthlyStatisticsWorkflowId(period),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ period }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `Statistics rollup and report of ${period} (by hand)`,
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
