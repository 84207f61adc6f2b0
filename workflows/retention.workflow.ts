import { continueAsNew, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RetentionInput, RetentionResult } from './retention-contract.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Rows per activity call, and calls per run before it continues as new (keeps the history short). */
const BATCH = 500;
const CALLS_PER_RUN = 200;

/**
 * Personal data at rest (issue 14, finding 10), daily by the `personal-data-retention` Schedule
 * (worker/retention-schedule.ts): removes personal data kept past the retention period
 * (db/personal-data-retention.ts purgePersonalData), then seals and hashes rows written before
 * encryption (backfillPersonalData). Both are idempotent and batched; a run with much to do
 * continues as new with the same `now` and the totals so far.
 */
export async function personalDataRetentionWorkflow(input: RetentionInput = {}, carried?: RetentionResult): Promise<RetentionResult> {
  const now = input.now ?? new Date(Date.now()).toISOString();
  const total: RetentionResult = carried ?? { now, backfilled: { shipments: 0, inboundMessages: 0 }, purged: { shipments: 0, inboundMessages: 0, quotaRows: 0 } };
  let calls = 0;
  for (let more = true; more; calls += 1) {
    if (calls === CALLS_PER_RUN) return continueAsNew<typeof personalDataRetentionWorkflow>({ now }, total);
    const p = await acts.purgePersonalData({ now, batch: BATCH });
    total.purged.shipments += p.shipments;
    total.purged.inboundMessages += p.inboundMessages;
    total.purged.quotaRows += p.quotaRows;
    more = p.shipments === BATCH || p.inboundMessages === BATCH;
  }
  for (let more = true; more; calls += 1) {
    if (calls === CALLS_PER_RUN) return continueAsNew<typeof personalDataRetentionWorkflow>({ now }, total);
    const b = await acts.backfillPersonalData({ batch: BATCH });
    total.backfilled.shipments += b.shipments;
    total.backfilled.inboundMessages += b.inboundMessages;
    more = b.shipments === BATCH || b.inboundMessages === BATCH;
  }
  setCurrentDetails(`**Personal data at ${now}**: purged ${total.purged.shipments} shipments, ${total.purged.inboundMessages} callback bodies, ${total.purged.quotaRows} quota rows; sealed ${total.backfilled.shipments} shipments, ${total.backfilled.inboundMessages} callback bodies written before encryption`);
  return total;
}
