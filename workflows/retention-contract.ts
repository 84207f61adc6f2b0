/**
 * How other code talks to the personal-data retention workflow (retention.workflow.ts): ids,
 * input and result. The schedule helper imports this file; it holds no logic.
 */

/** Id of the daily Schedule and prefix of the workflows it starts. */
export const RETENTION_SCHEDULE_ID = 'personal-data-retention';

export interface RetentionInput {
  /** ISO time the retention is judged at; absent: the workflow's start (a scheduled run). */
  now?: string;
}

export interface RetentionResult {
  now: string;
  backfilled: { shipments: number; inboundMessages: number };
  purged: { shipments: number; inboundMessages: number; quotaRows: number };
}
