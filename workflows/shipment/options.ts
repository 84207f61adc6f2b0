import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { ProjectionUpdate } from '../../domain/projection.js';
import { PROJECTION_ARG } from '../../domain/projection.js';
import { corridorInfo } from '../../domain/corridors.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { ShipmentStatus } from '../../domain/status.js';
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
export function activitiesFor(timeScale: number, outbox?: Outbox) {
  const options = outsideCall(timeScale);
  return (summary: string): ShipmentActivities => {
    const stubs = proxyActivities<Activities>({ ...options, summary });
    return underCodeNames(outbox?.lean ? carryingProjection(stubs, outbox) : stubs);
  };
}

/**
 * Activities the code calls by what they do but the worker registers under their rail-era names,
 * for every carrier: running shipments and the replay histories schedule them by those names, so
 * the registered names never change (docs/glossary.md). Typed against the registered activities.
 */
export const REGISTERED_AS = { bookTransport: 'bookRail', cancelBooking: 'cancelRail' } as const satisfies Record<string, keyof Activities>;
type RegisteredAs = typeof REGISTERED_AS;

/** The activities under the names workflow code uses (the registered rail-era names left out). */
export type ShipmentActivities = Omit<Activities, RegisteredAs[keyof RegisteredAs]> & { [K in keyof RegisteredAs]: Activities[RegisteredAs[K]] };

/** Stubs that schedule a code name (bookTransport) as its registered activity type (bookRail). */
function underCodeNames(stubs: Activities): ShipmentActivities {
  const registered = (name: string | symbol) => (typeof name === 'string' && Object.hasOwn(REGISTERED_AS, name) ? REGISTERED_AS[name as keyof RegisteredAs] : name);
  return new Proxy(stubs, { get: (target, name) => Reflect.get(target, registered(name)) as unknown }) as unknown as ShipmentActivities;
}

/** Where projection writes wait for a ride (workflows/shipment/run.ts, lean history). */
export interface Outbox {
  lean: boolean;
  takeProjection(): ProjectionUpdate[];
  /** The call that carried these writes finished. */
  settled(batch: readonly ProjectionUpdate[]): void;
}

/**
 * Stubs whose call carries the waiting projection writes in its argument: the worker applies
 * them before the activity runs (worker/projection-interceptor.ts), so a status change followed
 * by an outside call costs no local activity of its own.
 */
function carryingProjection(stubs: Activities, outbox: Outbox): Activities {
  return new Proxy(stubs, {
    get(target, name) {
      const call = Reflect.get(target, name) as (arg: object) => Promise<unknown>;
      return (arg: object) => {
        const updates = outbox.takeProjection();
        if (!updates.length) return call(arg);
        const result = call({ ...arg, [PROJECTION_ARG]: updates });
        // a side branch: the caller awaits `result` itself, so its steps run when they always did
        result.then(() => outbox.settled(updates), () => undefined);
        return result;
      };
    },
  });
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

/**
 * The service level of a status in lean histories (business ms), or undefined when it has none:
 * how long a shipment may stay in it, the sum of the waits it holds (SLA above). The SLA watch
 * (api/sla-watch.ts) tells the workflow when it passed; the shipment shows SLA_BREACHED while it
 * waits past it. A status entered anew (e.g. CUSTOMS_REVIEW after an inspection) starts again.
 * Statuses that wait for a person (RISK_HOLD), a sales or return period, or only run activities
 * have none. `type` names the step where one status spans steps with different service levels.
 */
export function statusSla(status: ShipmentStatus, type: string, request: ShipmentCreate): number | undefined {
  if (type === 'SELLING') return undefined; // 9810: the sales window, not a service level
  if (status === ShipmentStatus.IN_TRANSIT) {
    if (request.mode === '1210') return undefined;
    const { border, arrival } = corridorInfo(request.corridor).sla;
    return border + arrival;
  }
  // 1210: the e-tax bill follows the release in the same status
  if (status === ShipmentStatus.CUSTOMS_REVIEW && request.mode === '1210') return STATUS_SLA.CUSTOMS_REVIEW! + SLA.taxBill;
  return STATUS_SLA[status];
}

const STATUS_SLA: Partial<Record<ShipmentStatus, number>> = {
  DATA_PUSH: SLA.receiptAccepted,
  DECLARING: SLA.receiptAccepted,
  RETURNING: SLA.receiptAccepted,
  AWAITING_GOODS: SLA.firstLeg + SLA.receiptAccepted,
  CUSTOMS_REVIEW: SLA.customsRelease + SLA.receiptAccepted,
  INSPECTION: SLA.inspection,
  REJECTED: SLA.correction,
  DEPARTING: SLA.departure + SLA.receiptAccepted + SLA.listClosed,
  AT_WAREHOUSE: SLA.warehouseInbound,
  FX_SETTLEMENT: SLA.funds,
  DELIVERING: SLA.bondedExit + SLA.delivery + SLA.receiptAccepted,
};
