import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SummaryStatus } from '../domain/summary.js';

/**
 * How other code talks to the monthly summary workflows (summary.workflow.ts): ids, settings,
 * signals and queries. The API (ops trigger, Single Window callbacks) and the schedule helper
 * import this file; it holds no workflow logic.
 */

/** Id of the Schedule and prefix of the workflows it starts (Temporal appends the scheduled time). */
export const SUMMARY_SCHEDULE_ID = 'monthly-summary';

/** A run for one period started by hand (ops API): a second trigger while it runs joins it. */
export function monthlySummaryWorkflowId(period: string): string {
  return `${SUMMARY_SCHEDULE_ID}:${period}`;
}

/** One enterprise's summary of one period; the same id on every run makes re-runs idempotent. */
export function summaryWorkflowId(enterpriseId: string, period: string): string {
  return `summary:${enterpriseId}:${period}`;
}

/** Settings fixed when a summary run starts (from config/config.ts), like ShipmentSettings. */
export interface SummarySettings {
  timeScale: number;
  /** Day of the following month by which the summary must be declared (SUMMARY_DEADLINE_DAY). */
  deadlineDay: number;
  /** statisticsFlag of shipments whose request did not name one (STATISTICS_FLAG). */
  statisticsFlagDefault: 'A' | 'B';
  /** Declaring customs (申报地海关) of the application. */
  customsCode: string;
  /** DXP identity of the transmitting enterprise (BaseTransfer). */
  dxp: { copCode: string; copName: string; dxpId: string };
}

export interface MonthlySummaryInput extends SummarySettings {
  /** `YYYY-MM`; absent for a scheduled run, which takes the previous month (China time). */
  period?: string;
}

export interface MonthlySummaryResult {
  period: string;
  /** Enterprise summary workflows started by this run. */
  started: string[];
  /** Enterprise summary workflows that were already running (left alone). */
  alreadyRunning: string[];
}

export interface EnterpriseSummaryInput extends SummarySettings {
  enterpriseId: string;
  period: string;
}

/** A CEB702 receipt of a summary application, routed by its copNo. */
export interface SummaryReceipt {
  guid: string;
  copNo: string;
  returnStatus: string;
  returnInfo: string;
  returnTime: string;
  preNo?: string;
  sumNo?: string;
}

/** One CEB792 summary result (= one customs declaration), routed by its sumNo. */
export interface SummaryResultEvent {
  sumNo: string;
  declSeqNo: string;
  /** 报关单号; may come in a later result of the same declSeqNo. */
  entryId?: string;
  decState: string;
  msgCount: number;
  msgSeqNo: number;
  /** The inventories (invtNo) this declaration covers. */
  invtNos: string[];
}

export interface EnterpriseSummaryState {
  enterpriseId: string;
  period: string;
  status: SummaryStatus | 'GATHERING' | 'EMPTY';
  copNo?: string;
  sumNo?: string;
  invtNos: string[];
  entryIds: string[];
  deadline?: string;
  lastInfo?: string;
}

export const summaryReceiptReceived = defineSignal<[SummaryReceipt]>('summaryReceiptReceived');
export const summaryResultReceived = defineSignal<[SummaryResultEvent]>('summaryResultReceived');
export const getSummaryState = defineQuery<EnterpriseSummaryState>('getSummaryState');
