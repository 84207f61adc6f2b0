import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import { HOUR, MINUTE, SECOND, scaled } from '../../domain/time.js';

/**
 * Activity options by intent. Outside systems may be down for hours: retries never give up
 * (no maximumAttempts, no scheduleToClose) and back off to a ceiling that TIME_SCALE shrinks,
 * so a demo's "hours" of outage end in seconds. Business rejections are non-retryable
 * ApplicationFailures raised by the activities and handled by the workflow.
 */
export function outsideCall(timeScale: number): ActivityOptions {
  return {
    startToCloseTimeout: '30s',
    retry: {
      initialInterval: Math.min(scaled(5 * SECOND, timeScale, 50), 1000),
      backoffCoefficient: 2,
      maximumInterval: Math.max(scaled(10 * MINUTE, timeScale, 200), 1000),
    },
  };
}

/**
 * Activity stubs with the outside-call options. Call `acts(summary)` to give the call a one-line
 * summary that the Temporal Web UI shows for that activity.
 */
export function activitiesFor(timeScale: number) {
  const options = outsideCall(timeScale);
  return (summary: string) => proxyActivities<Activities>({ ...options, summary });
}

export type Acts = ReturnType<typeof activitiesFor>;

/** The projection write: short, idempotent (sequence-guarded), so a local activity. */
export const projection = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
  // a database outage must not fail the shipment: keep retrying (new local attempts are
  // scheduled as timers after this window)
  localRetryThreshold: '10s',
});

export const SLA = {
  receiptAccepted: 2 * HOUR,
  customsLogicCheck: 4 * HOUR,
  firstLeg: 2 * 24 * HOUR,
  customsRelease: 2 * 24 * HOUR,
  inspection: 2 * 24 * HOUR,
  correction: 3 * 24 * HOUR,
  departure: 3 * 24 * HOUR,
  listClosed: 2 * 24 * HOUR,
  funds: 30 * 24 * HOUR,
  /** 9810: from the train's arrival abroad to the overseas warehouse's receipt. */
  warehouseInbound: 10 * 24 * HOUR,
  /** 1210: e-tax bill after release; exit from the bonded centre; delivery to the consumer. */
  taxBill: 1 * 24 * HOUR,
  bondedExit: 2 * 24 * HOUR,
  delivery: 7 * 24 * HOUR,
} as const;
