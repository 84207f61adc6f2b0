import { CancellationScope, condition, defineSignal, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { BareActivities } from './bare.activities.js';
import { SearchAttr } from '../../workflows/contract.js';

/** The counts a bare run mirrors, taken from a real shipment history (scripts/bench/actions.ts). */
export interface BarePlan {
  activities: number;
  localActivityTasks: number;
  signals: number;
  timers: number;
  upserts: number;
}

export const bareEvent = defineSignal('bareEvent');

const acts = proxyActivities<BareActivities>({ startToCloseTimeout: '30s', retry: { initialInterval: '50ms', maximumInterval: '1s' } });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '10s' });

/**
 * The Temporal floor of a shipment: the same number of (no-op) activities, local-activity
 * workflow tasks, search-attribute upserts, signals and timers as a real history, and nothing
 * else. Each activity asks for its share of the signals (sent by the worker right after it
 * returns, like an outside system's callback); each timer (1 day) is started with an activity and
 * cancelled when that activity's signals arrived, as the shipment's SLA waits are.
 */
export async function bareWorkflow(plan: BarePlan): Promise<number> {
  let received = 0;
  setHandler(bareEvent, () => void received++);
  let promised = 0;
  const steps = Math.max(plan.activities, plan.localActivityTasks, plan.upserts, plan.timers);
  for (let i = 0; i < steps; i++) {
    if (i < plan.localActivityTasks) await local.bareLocal();
    if (i < plan.upserts) upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: `STEP_${i}` }]);
    // the timer goes out with the activity's command (so it is always started, as an SLA timer
    // is) and is cancelled once the activity's signals arrived
    const scope = i < plan.timers ? new CancellationScope() : undefined;
    const timer = scope?.run(() => sleep('1 day')).catch(() => undefined);
    if (i < plan.activities) {
      const share = Math.floor(((i + 1) * plan.signals) / plan.activities) - Math.floor((i * plan.signals) / plan.activities);
      await acts.bareActivity(share);
      promised += share;
    }
    const want = promised;
    await condition(() => received >= want);
    scope?.cancel();
    await timer;
  }
  await condition(() => received >= plan.signals);
  return received;
}
