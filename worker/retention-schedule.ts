import { ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { STATISTICS_TIMEZONE } from '../domain/statistics.js';
import { RETENTION_SCHEDULE_ID } from '../workflows/retention-contract.js';
import type { personalDataRetentionWorkflow } from '../workflows/retention.workflow.js';
import { ensureSchedule } from './schedules.js';

/**
 * The `personal-data-retention` Schedule: every day at 03:30 China time (after the monthly
 * statistics and summary runs of the 1st), start `personalDataRetentionWorkflow`, which purges
 * personal data past PERSONAL_DATA_RETENTION_DAYS and seals rows written before encryption.
 * Overlap SKIP; a day missed while Temporal was down is caught up within a day.
 */
export function retentionScheduleOptions(config: Config): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof personalDataRetentionWorkflow>> {
  return {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: {
      calendars: [{ hour: 3, minute: 30, comment: 'personal data retention (purge past the period, seal old rows)' }],
      timezone: STATISTICS_TIMEZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'personalDataRetentionWorkflow',
      workflowId: RETENTION_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{}],
      staticSummary: 'Personal data retention: purge past the period, seal rows written before encryption (scheduled)',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day', pauseOnFailure: false },
  };
}

/** Creates the Schedule, or brings an existing one to the current configuration (its paused state is kept). */
export async function ensureRetentionSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule(client, retentionScheduleOptions(config));
}
