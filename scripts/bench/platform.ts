import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { loadSampleRefundRates } from '../../db/refund-rates.js';
import { createCbecClient, type CbecClient } from '../../api/client/index.js';
import { dataConverter } from '../../codec/index.js';
import { loadConfig, type Config } from '../../config/config.js';
import { createDb, type Db } from '../../db/client.js';
import { SYSTEMS } from '../../adapters/catalogue.js';
import { urlVar } from '../../adapters/kit/system.js';
import { bundlePlatformWorkflows, createShipmentWorker, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { adminQuery, migrate, withDatabase } from '../lib/database.js';
import { platformProcess, stopAll, type PlatformProcess } from '../lib/processes.js';
import { simulatorUrls } from '../lib/simulators.js';
import { startDevServer, type DevServer } from '../lib/temporal-server.js';
import { freePort, repoRoot } from '../lib/tools.js';
import { registerBareRoute } from './api-load.js';
import { admissionSample } from '../../api/admission-sample.js';

/** The worker settings both the shipment and the bare worker run with: the platform's defaults unless the environment sets them. */
export function workerSettings(config: Pick<Config, 'WORKER_MAX_CACHED_WORKFLOWS' | 'WORKER_WORKFLOW_THREADS' | 'WORKER_WORKFLOW_TASK_SLOTS' | 'WORKER_STICKY_TIMEOUT_MS'>): string {
  return `maxCachedWorkflows ${config.WORKER_MAX_CACHED_WORKFLOWS}, ${config.WORKER_WORKFLOW_THREADS} workflow thread(s), ${config.WORKER_WORKFLOW_TASK_SLOTS} workflow task slots, sticky queue timeout ${config.WORKER_STICKY_TIMEOUT_MS / 1000} s, SDK defaults otherwise (100 activity / 100 local-activity slots, reuseV8Context), payload codec on`;
}
export const SERVER_FLAGS = 'temporal server start-dev --headless, in-memory SQLite, --log-level warn, update flags on, platform search attributes';

/** Cleanups of what the run started, run by scripts/bench.ts on Ctrl-C / SIGTERM. */
export const cleanups = new Set<() => Promise<unknown>>();


export interface BenchPlatform {
  server: DevServer;
  config: Config;
  db: Db;
  databaseUrl: string;
  temporal: Client;
  app: FastifyInstance;
  apiUrl: string;
  api: CbecClient;
  apiKey: string;
  enterpriseId: string;
  /** Base URL of each simulator, by system id (they run in a process of their own). */
  sims: Record<string, string>;
  simulatorsPid: number | undefined;
  /** Starts a worker on the run's task queue: the shipment worker, or the bare workflow's (same settings). */
  startWorker(kind: 'shipment' | 'bare', opts?: { maxCachedWorkflows?: number; workflowThreads?: number }): Promise<() => Promise<void>>;
  /** A worker process of its own (`worker/main.ts`, as `npm run worker` runs it) on the run's dev server, database and task queue; stopped with the platform. */
  workerProcess(name: string, settings: { maxCachedWorkflows: number; workflowThreads: number }): PlatformProcess;
  /** Admission control of the API (api/admission.ts) on or off; off (the default here) it reads an empty backlog and working set. */
  admission(on: boolean): void;
  /** Every simulator runs its scheduled steps (receipts, milestones, payments) at once, or as configured again. */
  zeroLatency(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The platform in this process on free ports, as test/support/platform.ts starts it: a dev
 * server of the run's own, a scratch PostgreSQL database (dropped at the end), the simulators
 * (no added latency), the API; workers are started per section.
 */
export async function startBenchPlatform(opts: {
  postgresUrl: string;
  timeScale: number;
  log: (l: string) => void;
  /** Section 4's workers when they differ from the platform's one: admission control's working-set limit follows their caches (80 % of their sum, as config/config.ts says for ADMISSION_MAX_MOVING). */
  scaleWorkers?: { cache?: number | undefined; count: number } | undefined;
}): Promise<BenchPlatform> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    cleanups.delete(stop);
    for (const s of stops.reverse()) await s().catch((err: unknown) => console.error(`bench: cleanup: ${String(err)}`));
    stops.length = 0;
  };
  cleanups.add(stop);
  try {
    const server = await startDevServer({ port: await freePort() });
    stops.push(() => server.stop());
    const name = `cbec_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(opts.postgresUrl, `CREATE DATABASE ${name}`);
    stops.push(() => adminQuery(opts.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const databaseUrl = withDatabase(opts.postgresUrl, name);
    await migrate(databaseUrl);
    opts.log(`dev server ${server.address} (pid ${server.process.pid}); scratch database ${name}`);

    const ports = await Promise.all([freePort(), ...SYSTEMS.map(() => freePort())]);
    const [apiPort] = ports;
    const reportsDir = mkdtempSync(path.join(tmpdir(), 'cbec-bench-'));
    stops.push(async () => rmSync(reportsDir, { recursive: true, force: true }));
    const env = {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `bench-${randomBytes(4).toString('hex')}`,
      DATABASE_URL: databaseUrl,
      PORT: String(apiPort),
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      TIME_SCALE: String(opts.timeScale),
      ...Object.fromEntries(SYSTEMS.map((s, i) => [urlVar(s.id), `http://127.0.0.1:${ports[i + 1]}`])),
      OVERSEAS_SALES_WINDOW_DAYS: '90',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
      REPORTS_DIR: reportsDir,
      // at TIME_SCALE 864,000 a 2-hour service level lasts 8 ms: the SLA watch would mark machine
      // noise as breaches (and add their signals); the bare workflow has no service levels either
      SLA_WATCH_MS: '0',
      CBEC_ENV: 'development', // loopback only
      // signed as `npm start` signs: CEB621/623/625 are schema-invalid unsigned and the simulator refuses them (ceb-messages.md §4)
      SIGNING_MODE: 'rsa-sha1',
      // worker settings from the environment, as the platform takes them (npm run bench with WORKER_WORKFLOW_THREADS=1 ...)
      ...Object.fromEntries(['WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_WORKFLOW_THREADS', 'WORKER_WORKFLOW_TASK_SLOTS', 'WORKER_STICKY_TIMEOUT_MS', 'WORKFLOW_STACK_TRACES'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
      // admission limits likewise (ADMISSION_MAX_BACKLOG=… npm run bench); switched on by the sections that want it
      ...Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('ADMISSION_') && k !== 'ADMISSION_CONTROL' && v)),
    } as Record<string, string>;
    const base = loadConfig(env);
    const w = opts.scaleWorkers;
    const config = w && !env.ADMISSION_MAX_MOVING ? loadConfig({ ...env, ADMISSION_MAX_MOVING: String(Math.floor(0.8 * (w.cache ?? base.WORKER_MAX_CACHED_WORKFLOWS) * w.count)) }) : base;
    const db = createDb(databaseUrl, { poolSize: 10 });
    stops.push(() => db.$disconnect());
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
    let admissionOn = false;
    const sample = admissionSample(db, temporal, config);
    const app = await buildApp({ db, temporal, config, admissionSample: () => (admissionOn ? sample() : Promise.resolve({ count: 0, ageMs: 0, dispatchRate: 0, moving: 0 })) });
    registerBareRoute(app, temporal, config.TEMPORAL_TASK_QUEUE);
    await app.listen({ host: '127.0.0.1', port: apiPort });
    stops.push(() => app.close());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // the outside systems in a process of their own, as they are not the platform: its CPU is
    // the platform's (API, worker) on one side and the bare workflow's on the other
    const simulators = platformProcess({ name: 'simulators', script: 'scripts/simulators.ts', env, logDir: reportsDir });
    simulators.start();
    stops.push(() => stopAll([simulators]));
    const sims = simulatorUrls(config);
    await waitUntilServing(Object.values(sims), simulators);
    const enterpriseId = 'ent-bench';
    const apiKey = `bench-key-${randomBytes(8).toString('hex')}`;
    await ensureEnterpriseWithKey(db, { id: enterpriseId, name: '达州基准测试电商', customsCode: '5117960099', key: apiKey, label: 'bench' });
    await loadSampleRefundRates(db, repoRoot()); // the 9810 example's goods (docs/refund-rates.md)

    let shipmentBundle: Awaited<ReturnType<typeof bundleWorkflowCode>> | undefined;
    let bareBundle: Awaited<ReturnType<typeof bundleWorkflowCode>> | undefined;
    const startWorker = async (kind: 'shipment' | 'bare', opts: { maxCachedWorkflows?: number; workflowThreads?: number } = {}) => {
      const nativeConnection = await NativeConnection.connect({ address: server.address });
      let worker: Worker;
      if (kind === 'shipment') {
        shipmentBundle ??= await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
        const workerConfig = { ...config, WORKER_MAX_CACHED_WORKFLOWS: opts.maxCachedWorkflows ?? config.WORKER_MAX_CACHED_WORKFLOWS, WORKER_WORKFLOW_THREADS: opts.workflowThreads ?? config.WORKER_WORKFLOW_THREADS };
        worker = await createShipmentWorker({ config: workerConfig, db, connection: nativeConnection, workflowBundle: shipmentBundle });
      } else {
        const { createBareActivities } = await import('./bare.activities.js');
        bareBundle ??= await bundleWorkflowCode({ workflowsPath: new URL('./bare.workflow.ts', import.meta.url).pathname, logger: QUIET_BUNDLE_LOGGER });
        worker = await Worker.create({
          connection: nativeConnection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowBundle: bareBundle,
          activities: createBareActivities(temporal),
          dataConverter: dataConverter(config),
          maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
          workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
        });
      }
      const running = worker.run();
      return async () => {
        worker.shutdown();
        await running;
        await nativeConnection.close();
      };
    };
    return {
      server, config, db, databaseUrl, temporal, app, apiUrl, api: createCbecClient(apiUrl, apiKey), apiKey, enterpriseId, sims, startWorker,
      get simulatorsPid() {
        return simulators.pid;
      },
      workerProcess: (name, settings) => {
        const worker = platformProcess({
          name,
          script: 'worker/main.ts',
          env: { ...env, WORKER_MAX_CACHED_WORKFLOWS: String(settings.maxCachedWorkflows), WORKER_WORKFLOW_THREADS: String(settings.workflowThreads), LOG_LEVEL: 'warn' },
          logDir: reportsDir,
        });
        stops.push(() => stopAll([worker]));
        return worker;
      },
      admission: (on) => {
        admissionOn = on;
      },
      zeroLatency: async (on) => {
        await Promise.all(Object.values(sims).map((url) => postJson(`${url}/_control/faults`, { delayFactor: on ? 0 : 1 })));
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function postJson(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
}

/** Waits until every simulator answers (its ledger), or fails when their process died. */
async function waitUntilServing(urls: string[], process: PlatformProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      if (!process.running) throw new Error('the simulators process exited: see its log');
      const ok = await fetch(`${url}/_ledger`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > until) throw new Error(`simulator ${url} did not answer within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
