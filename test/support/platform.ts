import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { SYSTEMS } from '../../adapters/catalogue.js';
import { urlVar } from '../../adapters/kit/system.js';
import type { Simulator } from '../../adapters/kit/simulator.js';
import { buildApp } from '../../api/app.js';
import { dataConverter } from '../../codec/index.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { createCbecClient, type CbecClient } from '../../api/client/index.js';
import { loadConfig, type Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { createSimulators } from '../../scripts/lib/simulators.js';
import { loadSampleRefundRates } from '../../db/refund-rates.js';
import { freePort, repoRoot } from '../../scripts/lib/tools.js';
import { bundlePlatformWorkflows, createShipmentWorker, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { startTracing } from '../../observability/tracing.js';
import { tracingClientInterceptors } from '../../observability/tracing-temporal.js';
import { createTestDatabase } from './db.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The platform's workflow bundle, built once per test file (a test that runs its own worker takes it from here). */
export function platformBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
  return bundle;
}
// Worker logs only errors in tests (expected retries during outages log warnings).
Runtime.install({ logger: new DefaultLogger('ERROR') });

export interface Platform {
  config: Config;
  db: Db;
  temporal: Client;
  apiUrl: string;
  api: CbecClient;
  apiKey: string;
  enterpriseId: string;
  /** Simulators by system: singleWindow, bank, tax and every carrier, FX provider and warehouse id. */
  sims: Record<string, Simulator>;
  simUrls: Record<'singleWindow' | 'bank' | 'tax' | 'rail', string> & Record<string, string>;
  /** Another enterprise's client, for isolation checks. */
  otherApi: CbecClient;
  /** The worker's connection to Temporal, for a test that runs a worker of its own (`worker: false`). */
  nativeConnection: NativeConnection;
  stop(): Promise<void>;
}

/**
 * The whole platform for one test file, as `npm start` runs it but on free ports: the shared
 * Temporal dev server, a database of its own, a simulator for every outside system over real HTTP, one worker on
 * a task queue of its own and the API.
 */
export async function startPlatform(opts: { timeScale?: number; env?: Record<string, string>; /** false: no worker (the test runs its own) */ worker?: boolean } = {}): Promise<Platform> {
  const database = await createTestDatabase();
  const apiPort = await freePort();
  // every registered system's simulator on a free port (its <PREFIX>_URL)
  const systemUrlEnv = Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [urlVar(s.id), `http://127.0.0.1:${await freePort()}`])));
  const timeScale = opts.timeScale ?? 86_400;
  const config = loadConfig({
    CBEC_ENV: 'development',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    TIME_SCALE: String(timeScale),
    ...systemUrlEnv,
    ADAPTER_TIMEOUT_MS: '5000',
    RATE_LIMIT_PER_MINUTE: '100000000', // tests poll hard; hostile-input.test.ts sets a low limit
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', // every test's anonymous requests come from 127.0.0.1
    SLA_WATCH_MS: '100', // business days pass in a second here: look for overdue statuses often
    // signed as `npm start` signs: CEB621/623/625 are schema-invalid unsigned and the simulator refuses them (ceb-messages.md §4)
    SIGNING_MODE: 'rsa-sha1',
    ...opts.env,
  });
  // tracing only when the env sets OTEL_EXPORTER_OTLP_ENDPOINT: API (cbec-api) and worker (cbec-worker, the global provider) in this one process
  const apiTracing = startTracing(config, 'cbec-api', { global: false });
  const workerTracing = startTracing(config, 'cbec-worker');
  const interceptors = tracingClientInterceptors(apiTracing);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config), ...(interceptors ? { interceptors } : {}) });
  // a 500 writes its cause to stderr (the run's log names it; a bare 'expected 500' would not)
  const app: FastifyInstance = await buildApp({ db: database.db, temporal, config, logger: { level: 'error', stream: process.stderr }, ...(apiTracing ? { tracer: apiTracing.tracer } : {}) });
  await app.listen({ host: '127.0.0.1', port: apiPort });

  // by system id, the Single Window also as singleWindow (as the tests name it)
  const simulators = await createSimulators(config);
  const sims: Record<string, Simulator> = Object.fromEntries(Object.entries(simulators).map(([id, { sim }]) => [id, sim]));
  const simUrls: Record<string, string> = Object.fromEntries(Object.entries(simulators).map(([id, { url }]) => [id, url]));
  await Promise.all(Object.entries(simulators).map(([, { sim, url }]) => sim.app.listen({ host: '127.0.0.1', port: Number(new URL(url).port) })));
  sims.singleWindow = sims['single-window']!;
  simUrls.singleWindow = simUrls['single-window']!;

  const workflowBundle = await platformBundle();
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker: Worker | undefined = opts.worker === false ? undefined : await createShipmentWorker({ config, db: database.db, connection: nativeConnection, workflowBundle, tracing: workerTracing });
  const running = worker?.run();

  const suffix = randomBytes(4).toString('hex').toUpperCase();
  const enterpriseId = `ent-${suffix.toLowerCase()}`;
  const apiKey = `test-key-${suffix}-${randomBytes(8).toString('hex')}`;
  await ensureEnterpriseWithKey(database.db, { id: enterpriseId, name: `达州测试电商 ${suffix}`, customsCode: `51${suffix}01`.slice(0, 10), key: apiKey });
  // sample refund rates (docs/refund-rates.md) for the 9810 example's goods
  await loadSampleRefundRates(database.db, repoRoot());
  const otherKey = `other-key-${suffix}-${randomBytes(8).toString('hex')}`;
  await ensureEnterpriseWithKey(database.db, { id: `${enterpriseId}-other`, name: `Other ${suffix}`, customsCode: `52${suffix}02`.slice(0, 10), key: otherKey });

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  return {
    config,
    db: database.db,
    temporal,
    apiUrl,
    api: createCbecClient(apiUrl, apiKey),
    apiKey,
    enterpriseId,
    sims,
    simUrls: simUrls as Platform['simUrls'],
    otherApi: createCbecClient(apiUrl, otherKey),
    nativeConnection,
    async stop() {
      // each step bounded: one that hangs fails the file's teardown naming itself and what the worker still holds
      const step = (name: string, done: () => Promise<unknown>) => withinOrFail(name, STOP_STEP_MS, done, () => ({ worker: worker?.getStatus(), handles: process.getActiveResourcesInfo() }));
      // the API first, while the worker still runs: a request in flight may wait on a workflow (an
      // update); one still open after API_DRAIN_MS is cut, as a deploy's grace period would cut it
      await step('API close', async () => {
        const cut = setTimeout(() => app.server.closeAllConnections(), API_DRAIN_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
        }
      });
      await step('worker shutdown', async () => {
        worker?.shutdown();
        await running;
      });
      await step('worker connection close', () => nativeConnection.close());
      await step('simulators close', () => Promise.all(Object.values(simulators).map(({ sim }) => sim.app.close())));
      await step('client connection close', () => connection.close());
      await step('tracing shutdown', () => Promise.all([apiTracing?.shutdown(), workerTracing?.shutdown()]));
      await step('database drop', () => database.drop());
    },
  };
}

/** A teardown step's limit, well inside vitest's hook timeout (180 s) so the failure is this one's. */
const STOP_STEP_MS = 60_000;
/** How long the API's requests in flight may take to finish at teardown. */
const API_DRAIN_MS = 10_000;

/** Awaits `done` for at most `ms`; past that, fails with the step's name and `state()` at that moment. */
async function withinOrFail(name: string, ms: number, done: () => Promise<unknown>, state: () => unknown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`platform stop: ${name} did not finish in ${ms / 1000} s; state then: ${JSON.stringify(state())}`)), ms);
  });
  try {
    await Promise.race([done(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One raw HTTP call to the API with an optional bearer key and JSON body: status, parsed body (or the text) and text. */
export async function callApi(apiUrl: string, method: string, path: string, key: string | undefined, body?: unknown): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
