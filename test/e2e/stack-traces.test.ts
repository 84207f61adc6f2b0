import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, platformBundle, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { control } from '../support/ledger.js';
import { createShipmentWorker } from '../../worker/worker.js';
import type { StackTraces } from '../../worker/stack-traces.js';

// What ops see in the Web UI's Call Stack tab (the __stack_trace query) under WORKFLOW_STACK_TRACES:
// nothing by default; where the shipment waits once a worker runs with `on` (worker/stack-traces.ts).
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ worker: false });
});
afterAll(async () => {
  await p?.stop();
});

/** Runs a worker on the platform's task queue with `setting` while `use` runs, then shuts it down. */
async function withWorker<T>(setting: StackTraces, use: () => Promise<T>): Promise<T> {
  const worker: Worker = await createShipmentWorker({ config: { ...p.config, WORKFLOW_STACK_TRACES: setting }, db: p.db, connection: p.nativeConnection, workflowBundle: await platformBundle() });
  const running = worker.run();
  try {
    return await use();
  } finally {
    worker.shutdown();
    await running;
  }
}

const WORKFLOW_FRAME = /workflows\/[\w/-]+\.ts:\d+:\d+/;

describe('the stack trace query (the Web UI Call Stack tab)', () => {
  it('answers without frames by default, and with where the shipment waits from a worker with WORKFLOW_STACK_TRACES=on', async () => {
    const body = shipment9610('STACKS-001');
    // the Single Window stays silent: the shipment waits for its order and waybill receipts
    for (const key of [body.orderNo, body.logistics.waybillNo]) await control(p.simUrls.singleWindow, 'scenarios', { key, scenario: 'silent' });
    const id = `shipment:${p.enterpriseId}:STACKS-001`;
    const handle = p.temporal.workflow.getHandle(id);

    const quiet = await withWorker('off', async () => {
      expect((await p.api.POST('/v1/shipments', { body })).response.status).toBe(202);
      await eventually(async () => ((await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data?.stage === 'data-push' ? true : undefined), 'in the data push');
      return handle.query<string>('__stack_trace');
    });
    expect(quiet).not.toMatch(/\bat /);

    const traced = await withWorker('on', () => handle.query<string>('__stack_trace'));
    expect(traced).toMatch(WORKFLOW_FRAME);
    await handle.terminate('test done');
  });
});
