import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { FX_PROVIDERS } from '../../adapters/fx-providers.js';
import type { Simulator } from '../../adapters/kit/simulator.js';
import { CARRIERS } from '../../adapters/carriers.js';
import { WAREHOUSES } from '../../adapters/warehouses.js';
import { createSingleWindowSimulator } from '../../adapters/single-window/index.js';
import { createTaxSimulator } from '../../adapters/tax/index.js';
import { buildApp } from '../../api/app.js';
import { dataConverter } from '../../codec/index.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { createCbecClient, type CbecClient } from '../../api/client/index.js';
import { carrierEndpoints, fxProviderEndpoints, loadConfig, warehouseEndpoints, type Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { samplePositiveLists } from '../../scripts/lib/simulators.js';
import { loadSampleRefundRates } from '../../db/refund-rates.js';
import { freePort, repoRoot } from '../../scripts/lib/tools.js';
import { simulatorSignaturePolicy } from '../../adapters/single-window/signing/index.js';
import { createShipmentWorker, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/worker.js';
import { startTracing } from '../../observability/tracing.js';
import { tracingClientInterceptors } from '../../observability/tracing-temporal.js';
import { createTestDatabase } from './db.js';

let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>> | undefined;
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
  stop(): Promise<void>;
}

/**
 * The whole platform for one test file, as `npm start` runs it but on free ports: the shared
 * Temporal dev server, a database of its own, a simulator for every outside system over real HTTP, one worker on
 * a task queue of its own and the API.
 */
export async function startPlatform(opts: { timeScale?: number; env?: Record<string, string>; /** false: no worker (the test runs its own) */ worker?: boolean } = {}): Promise<Platform> {
  const database = await createTestDatabase();
  const [apiPort, swPort, taxPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const systems = [...CARRIERS.map((c) => c.id), ...FX_PROVIDERS.map((f) => f.id), ...WAREHOUSES.map((w) => w.id)];
  const systemPorts = await Promise.all(systems.map(() => freePort()));
  const carrierUrlEnv = Object.fromEntries(systems.map((id, i) => [`${id.toUpperCase().replace(/-/g, '_')}_URL`, `http://127.0.0.1:${systemPorts[i]}`]));
  const timeScale = opts.timeScale ?? 86_400;
  const config = loadConfig({
    CBEC_ENV: 'development',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    TIME_SCALE: String(timeScale),
    SINGLE_WINDOW_URL: `http://127.0.0.1:${swPort}`,
    ...carrierUrlEnv,
    TAX_URL: `http://127.0.0.1:${taxPort}`,
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
  const app: FastifyInstance = await buildApp({ db: database.db, temporal, config, ...(apiTracing ? { tracer: apiTracing.tracer } : {}) });
  await app.listen({ host: '127.0.0.1', port: apiPort });

  const callback = (path: string, secret: string) => ({ url: `${config.PUBLIC_URL}/v1/callbacks/${path}`, secret });
  const signatures = await simulatorSignaturePolicy(config, { copCode: config.DXP_COP_CODE, copName: config.DXP_COP_NAME, root: repoRoot() });
  const sims: Record<string, Simulator> = {
    singleWindow: createSingleWindowSimulator({ system: 'single-window', timeScale, positiveLists: samplePositiveLists(), ...(signatures ? { signatures } : {}), callback: callback('single-window', config.SINGLE_WINDOW_CALLBACK_SECRET.reveal()) }),
    tax: createTaxSimulator({ system: 'tax', timeScale }),
  };
  const simUrls: Record<string, string> = { singleWindow: config.SINGLE_WINDOW_URL, tax: config.TAX_URL };
  for (const provider of FX_PROVIDERS) {
    const endpoint = fxProviderEndpoints(config)[provider.id]!;
    sims[provider.id] = provider.createSimulator({ system: provider.id, timeScale, callback: callback(provider.id, endpoint.secret.reveal()) });
    simUrls[provider.id] = endpoint.url;
  }
  for (const carrier of CARRIERS) {
    const endpoint = carrierEndpoints(config)[carrier.id]!;
    sims[carrier.id] = carrier.createSimulator({ system: carrier.id, timeScale, callback: callback(carrier.id, endpoint.secret.reveal()) });
    simUrls[carrier.id] = endpoint.url;
  }
  for (const warehouse of WAREHOUSES) {
    const endpoint = warehouseEndpoints(config)[warehouse.id]!;
    sims[warehouse.id] = warehouse.createSimulator({ system: warehouse.id, timeScale, callback: callback(warehouse.id, endpoint.secret.reveal()) });
    simUrls[warehouse.id] = endpoint.url;
  }
  await Promise.all(Object.entries(sims).map(([name, sim]) => sim.app.listen({ host: '127.0.0.1', port: Number(new URL(simUrls[name]!).port) })));

  bundle ??= await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } });
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker: Worker | undefined = opts.worker === false ? undefined : await createShipmentWorker({ config, db: database.db, connection: nativeConnection, workflowBundle: bundle, tracing: workerTracing });
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
    async stop() {
      worker?.shutdown();
      await running;
      await nativeConnection.close();
      await app.close();
      await Promise.all(Object.values(sims).map((s) => s.app.close()));
      await connection.close();
      await Promise.all([apiTracing?.shutdown(), workerTracing?.shutdown()]);
      await database.drop();
    },
  };
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
