/**
 * The 9610 monthly summary declaration (汇总申报, docs/reference/domain-rules.md §1.3 step 8): by the 15th of
 * each month an enterprise merges its statisticsFlag-B export lists of the previous month into
 * customs declarations (CEB701 汇总申请单 → CEB702 receipts → CEB792 汇总结果单 with the 报关单号
 * `entryId`). Pure code: the workflows use it for periods and the deadline, the API to check a
 * period. Periods are calendar months in China time (UTC+8, no daylight saving).
 */
import { HOUR } from './time.js';

const CHINA_OFFSET_MS = 8 * HOUR;

/** Status of a summary application (CustomsSummary.status and the `SummaryStatus` search attribute). */
export const SummaryStatus = {
  /** Row written, CEB701 not confirmed sent yet. */
  CREATED: 'CREATED',
  /** CEB701 pre-processed by the gateway (sync status 5). */
  SUBMITTED: 'SUBMITTED',
  /** CEB702 2: accepted by the e-port (preNo). */
  ACCEPTED: 'ACCEPTED',
  /** CEB702 120: customs took the lists (sumNo); waiting for the CEB792 results. */
  AWAITING_RESULTS: 'AWAITING_RESULTS',
  /** Every CEB792 result in: sumNo and the declaration numbers (entryIds) are known. */
  DECLARED: 'DECLARED',
  /** Alert: CEB702 100 or a negative status. Fix the cause and trigger the month again. */
  SUMMARY_REJECTED: 'SUMMARY_REJECTED',
  /** Alert: the deadline passed without all results; still waiting (a late result still counts). */
  DEADLINE_MISSED: 'DEADLINE_MISSED',
} as const;
export type SummaryStatus = (typeof SummaryStatus)[keyof typeof SummaryStatus];

/** Timeline event type written onto each shipment a summary declared. */
export const SUMMARY_DECLARED_EVENT = 'SUMMARY_DECLARED';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` with a real month. */
export function isPeriod(text: string): boolean {
  return PERIOD.test(text);
}

function parts(period: string): { year: number; month: number } {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

const format = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** The period (China time) an instant falls in. */
export function periodOf(at: Date | number | string): string {
  const china = new Date(new Date(at).getTime() + CHINA_OFFSET_MS);
  return format(china.getUTCFullYear(), china.getUTCMonth() + 1);
}

/** The calendar month before the one `at` falls in (China time): what a run on the 1st declares. */
export function previousPeriod(at: Date | number | string): string {
  const { year, month } = parts(periodOf(at));
  return month === 1 ? format(year - 1, 12) : format(year, month - 1);
}

/** The instant (ms) a China-time calendar day starts; `day` may overflow into the next month. */
function chinaMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - CHINA_OFFSET_MS;
}

/** The instants the period covers: [start, end) in epoch ms. */
export function periodWindow(period: string): { start: number; end: number } {
  const { year, month } = parts(period);
  return { start: chinaMidnight(year, month, 1), end: chinaMidnight(year, month + 1, 1) };
}

/**
 * The filing deadline of a period: the end of day `deadlineDay` (China time) of the following
 * month, as epoch ms. ⚠ Whether the deadline rolls over to the next working day when that day is
 * a holiday is unverified (docs/reference/domain-rules.md §1.3 step 8): no roll-over is applied.
 */
export function summaryDeadline(period: string, deadlineDay: number): number {
  if (!Number.isInteger(deadlineDay) || deadlineDay < 1 || deadlineDay > 28) throw new RangeError(`deadlineDay must be 1..28, got ${deadlineDay}`);
  const { year, month } = parts(period);
  return chinaMidnight(year, month + 1, deadlineDay + 1);
}

/** True when the period starts after the month `now` falls in (China time). */
export function isFuturePeriod(period: string, now: Date | number): boolean {
  return period > periodOf(now);
}
