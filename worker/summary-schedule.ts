import { ensureSchedule } from './schedules.js';
import { ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { monthlySummaryWorkflowId, SUMMARY_SCHEDULE_ID, type SummarySettings } from '../workflows/summary-contract.js';
import type { monthlySummaryWorkflow } from '../workflows/summary.workflow.js';

/** The schedule's calendar is China time (no daylight saving, so 02:00 exists every day). */
export const SUMMARY_TIMEZONE = 'Asia/Shanghai';

/**
 * If the Temporal service is down when the run is due, the run is still taken when it comes back
 * within this window (set explicitly: the SDK's docs name both one minute and one year as the
 * default). A week still leaves most of the filing window before the deadline (SUMMARY_DEADLINE_DAY).
 */
export const SUMMARY_CATCHUP_WINDOW = '7 days';

/** Settings frozen into each summary run (like shipmentSettings for shipments). */
export function summarySettings(config: Config): SummarySettings {
  return {
    timeScale: config.TIME_SCALE,
    deadlineDay: config.SUMMARY_DEADLINE_DAY,
    statisticsFlagDefault: config.STATISTICS_FLAG,
    customsCode: config.CUSTOMS_CODE,
    dxp: { copCode: config.DXP_COP_CODE, copName: config.DXP_COP_NAME, dxpId: config.DXP_ID },
  };
}

/**
 * The `monthly-summary` Schedule: on SUMMARY_SCHEDULE_DAY (default the 1st) at
 * SUMMARY_SCHEDULE_TIME (default 02:00) China time, start `monthlySummaryWorkflow` without a
 * period, so that it declares the previous calendar month. The calendar is real time even under
 * TIME_SCALE (a demo's scaled business time only shrinks the waits inside the workflows, e.g. the
 * deadline timer); to run a month now, trigger it by hand (POST /v1/ops/summaries).
 * Overlap SKIP: a run still going when the next one is due is not doubled (a run only starts the
 * enterprise workflows and ends, so this does not hold back the next month).
 */
export function summaryScheduleOptions(config: Config): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof monthlySummaryWorkflow>> {
  const [hour, minute] = config.SUMMARY_SCHEDULE_TIME.split(':').map(Number) as [number, number];
  return {
    scheduleId: SUMMARY_SCHEDULE_ID,
    spec: {
      calendars: [{ dayOfMonth: config.SUMMARY_SCHEDULE_DAY, hour, minute, comment: '9610 monthly summary declaration (汇总申报) of the previous month' }],
      timezone: SUMMARY_TIMEZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'monthlySummaryWorkflow',
      // Temporal appends the scheduled time: monthly-summary-2026-12-01T18:00:00Z
      workflowId: SUMMARY_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [summarySettings(config)],
      staticSummary: '9610 monthly summary declaration of the previous month (scheduled)',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: SUMMARY_CATCHUP_WINDOW, pauseOnFailure: false },
  };
}

/**
 * Creates the `monthly-summary` Schedule, or updates an existing one to the current
 * configuration (spec, action, policies); its paused state and note are left as ops set them.
 */
export async function ensureSummarySchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule(client, summaryScheduleOptions(config));
}

/**
 * Runs the summary of one month now (ops, POST /v1/ops/summaries). A trigger while the same month
 * runs joins that run; once it has ended, a new run starts (the enterprise workflows are
 * idempotent: nothing already declared is sent again).
 */
export async function startMonthlySummary(client: Client, config: Config, period: string): Promise<{ workflowId: string; runId: string }> {
  const handle = await client.workflow.start<typeof monthlySummaryWorkflow>('monthlySummaryWorkflow', {
    workflowId: monthlySummaryWorkflowId(period),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ ...summarySettings(config), period }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `9610 monthly summary declaration of ${period} (by hand)`,
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
