import { readFileSync } from 'node:fs';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers.js';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers.js';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { dataConverter } from '../../codec/index.js';
import { loadConfig } from '../../config/config.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import { tracingSinks } from '../../observability/tracing-temporal.js';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { startDevServer } from '../lib/temporal-server.js';
import { freePort, waitUntil } from '../lib/tools.js';

/**
 * Memory a cached shipment workflow costs the worker, measured, not timed, so a loaded machine
 * does not distort it: one worker in this process (debugMode: workflows run on the main thread,
 * where process.memoryUsage() sees them), no activities registered, so every started 9610 stops at
 * its first activity and stays in the cache. Heap after a full GC with N cached, minus with 0,
 * divided by N. Measured 2026-12-06: 527 KiB per cached 9610. Preloading OpenTelemetry's
 * semantic-convention tables once per context (BundleOptions.preloadModules) gave 456 KiB, but
 * the worker's shutdown then hung in 3 of 4 runs of test/e2e/webhooks.test.ts, so it is not used.
 *
 *   node scripts/node.mjs node --expose-gc --import tsx scripts/bench/cache-memory.ts [--count 200]
 */
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--count') + 1] || 200) || 200;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const config = loadConfig({ CBEC_ENV: 'development' });
const converter = dataConverter(config);
const recorded = JSON.parse(readFileSync(new URL('../../test/replay/histories/9610-happy-path.json', import.meta.url), 'utf8')) as { history: unknown };
const history = historyFromJSON(recorded.history);
const first = history.events?.[0]?.workflowExecutionStartedEventAttributes;
const [input] = (await decodeArrayFromPayloads(loadDataConverter(converter), first?.input?.payloads)) as [ShipmentInput];

const server = await startDevServer({ port: await freePort() });
const taskQueue = 'cache-memory';
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
try {
  const bundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, sinks: tracingSinks(undefined), dataConverter: converter, debugMode: true, maxCachedWorkflows: count + 50 });
  const client = new Client({ connection: await Connection.connect({ address: server.address }), dataConverter: converter });
  await worker.runUntil(async () => {
    // one workflow first, so the bundle's shared part is loaded before the baseline
    const start = (i: number) => client.workflow.start('shipmentWorkflow', { taskQueue, workflowId: `cache-memory:${i}`, args: [{ ...input, orderNo: `CM${i}` }] });
    await start(0);
    await waitUntil(async () => worker.getStatus().numCachedWorkflows === 1, 'the first workflow cached', 60_000, 100);
    const before = heapMiB();
    for (let i = 1; i <= count; i += 1) await start(i);
    await waitUntil(async () => worker.getStatus().numCachedWorkflows === count + 1 && worker.getStatus().numInFlightWorkflowActivations === 0, `${count + 1} workflows cached`, 300_000, 200);
    const after = heapMiB();
    console.log(`${count} cached 9610 workflows add ${(after - before).toFixed(1)} MiB of heap, ${((after - before) * 1024 / count).toFixed(0)} KiB each (heap ${before.toFixed(0)} → ${after.toFixed(0)} MiB)`);
  });
} finally {
  await server.stop();
}
