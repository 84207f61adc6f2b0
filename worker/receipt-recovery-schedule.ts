import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { RECEIPT_RECOVERY_SCHEDULE_ID } from '../workflows/receipt-recovery-contract.js';
import type { receiptRecoveryWorkflow } from '../workflows/receipt-recovery.workflow.js';
import { ensureSchedule } from './schedules.js';

/**
 * The `receipt-recovery` Schedule: every RECEIPT_QUERY_EVERY_S seconds, start
 * `receiptRecoveryWorkflow`, which reads the Single Window gateway's receipts back and hands the
 * ones whose callback never arrived to the callback inbox. Overlap SKIP (a run still reading is
 * not doubled); missed runs are not caught up one by one: the next run reads everything since the cursor.
 */
export function receiptRecoveryScheduleOptions(config: Config): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof receiptRecoveryWorkflow>> {
  return {
    scheduleId: RECEIPT_RECOVERY_SCHEDULE_ID,
    spec: { intervals: [{ every: `${config.RECEIPT_QUERY_EVERY_S}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'receiptRecoveryWorkflow',
      workflowId: RECEIPT_RECOVERY_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ lagS: config.RECEIPT_QUERY_LAG_S }],
      staticSummary: 'Receipt recovery: Single Window receipts whose callbacks never arrived (scheduled)',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute', pauseOnFailure: false },
  };
}

/**
 * Creates the Schedule or brings it to the current configuration; with the DXP transport or
 * RECEIPT_QUERY_EVERY_S=0 there is nothing to read back, and an existing Schedule is deleted.
 */
export async function ensureReceiptRecoverySchedule(client: Client, config: Config): Promise<'created' | 'updated' | 'off'> {
  if (config.SINGLE_WINDOW_TRANSPORT === 'gateway' && config.RECEIPT_QUERY_EVERY_S > 0) return ensureSchedule(client, receiptRecoveryScheduleOptions(config));
  try {
    await client.schedule.getHandle(RECEIPT_RECOVERY_SCHEDULE_ID).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  return 'off';
}
