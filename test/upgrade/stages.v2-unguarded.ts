// Workflow code: the same change as stages.v2.ts WITHOUT the patch guard, to show why the guard
// is needed (test/e2e/upgrade.test.ts replays v1 histories against it). Never ship this.
import * as v1 from '../../workflows/shipment/stages.js';
import { indicativeQuote } from './indicative-quote.js';

export * from '../../workflows/shipment/stages.js';

async function declaration(run: Parameters<v1.StageFn>[0], acts: Parameters<v1.StageFn>[1], flow: Parameters<v1.StageFn>[2]): Promise<void> {
  await v1.EXPORT_STAGES.declaration(run, acts, flow);
  await indicativeQuote(run, acts);
}

export const EXPORT_STAGES = { ...v1.EXPORT_STAGES, declaration };
