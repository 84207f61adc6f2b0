// Workflow code: workflows/shipment/stages.ts as release v2 would ship it, swapped into the v2
// bundle by test/upgrade/bundles.ts. Everything is today's module except the declaration stage,
// which gains the indicative FX quote behind `patched()`.
import { patched } from '@temporalio/workflow';
import * as v1 from '../../workflows/shipment/stages.js';
import { indicativeQuote, INDICATIVE_QUOTE_PATCH } from './indicative-quote.js';

export * from '../../workflows/shipment/stages.js';

/**
 * The patch point is right after the logic check. A run that reaches it live (not replaying)
 * gets `true`, records the patch marker and takes the new step; a run whose history passed this
 * point without the marker (v1) replays `false` and keeps the old sequence.
 */
async function declaration(run: Parameters<v1.StageFn>[0], acts: Parameters<v1.StageFn>[1], flow: Parameters<v1.StageFn>[2]): Promise<void> {
  await v1.EXPORT_STAGES.declaration(run, acts, flow);
  if (patched(INDICATIVE_QUOTE_PATCH)) await indicativeQuote(run, acts);
}

export const EXPORT_STAGES = { ...v1.EXPORT_STAGES, declaration };
