import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { loadSampleRefundRates } from '../../db/refund-rates.js';
import { createCbecClient, type CbecClient } from '../../api/client/index.js';
import { dataConverter } from '../../codec/index.js';
import { loadConfig, type Config } from '../../config/config.js';
import { createDb, type Db } from '../../db/client.js';
import { SYSTEMS } from '../../adapters/catalogue.js';
import { urlVar } from '../../adapters/kit/system.js';
import { buildWorkflowBundle } from '../../worker/bundle.js';
import { startBalancer, type Balancer } from '../lib/balancer.js';
import { adminQuery, migrate, withDatabase } from '../lib/database.js';
import { platformProcess, stopAll, type PlatformProcess } from '../lib/processes.js';
import { startSimulators, type SimulatorFaults } from '../lib/simulators.js';
import { freePort, repoRoot, waitUntil } from '../lib/tools.js';

/**
 * The production topology as processes on one machine: N worker processes sharing one task
 * queue and M API processes behind a load balancer, on one Temporal server and one PostgreSQL
 * database of their own, with the simulators (in this process) calling back through the
 * balancer. The chaos run and the topology test kill and restart its processes.
 */
export interface ClusterOptions {
  temporalAddress: string;
  /** A PostgreSQL server URL; the cluster creates (and drops) a database of its own there. */
  postgresUrl: string;
  workers: number;
  apis: number;
  timeScale: number;
  logDir: string;
  env?: Record<string, string>;
  simulators?: SimulatorFaults;
}

export interface Cluster {
  config: Config;
  env: Record<string, string>;
  db: Db;
  temporal: Client;
  balancer: Balancer;
  workers: PlatformProcess[];
  apis: PlatformProcess[];
  sims: Awaited<ReturnType<typeof startSimulators>>['sims'];
  enterpriseId: string;
  api: CbecClient;
  /** Waits until every running API answers /health and every running worker polls the task queue. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}


export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const database = `cbec_chaos_${randomBytes(5).toString('hex')}`;
  await adminQuery(o.postgresUrl, `CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(o.postgresUrl, database);
  await migrate(databaseUrl);

  const systems = SYSTEMS.map((s) => urlVar(s.id));
  const ports = await Promise.all([...systems, 'balancer', ...Array.from({ length: o.apis }, () => 'api')].map(() => freePort()));
  const simEnv = Object.fromEntries(systems.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`]));
  const balancerPort = ports[systems.length]!;
  const apiPorts = ports.slice(systems.length + 1);
  // one workflow bundle for every worker (re)start, as the Docker image has it
  const bundlePath = `${o.logDir}/workflow-bundle.js`;
  writeFileSync(bundlePath, await buildWorkflowBundle());
  const env: Record<string, string> = {
    WORKFLOW_BUNDLE_PATH: bundlePath,
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: `chaos-${randomBytes(5).toString('hex')}`,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: `http://127.0.0.1:${balancerPort}`,
    TIME_SCALE: String(o.timeScale),
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    CBEC_ENV: 'development', // every process listens on loopback
    // signed as `npm start` signs: CEB621/623/625 are schema-invalid unsigned and the simulator refuses them (ceb-messages.md §4)
    SIGNING_MODE: 'rsa-sha1',
    ...simEnv,
    ...o.env,
  };
  const config = loadConfig({ ...env });
  const db = createDb(databaseUrl, { poolSize: 5 });
  const connection = await Connection.connect({ address: o.temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
  const balancer = await startBalancer(apiPorts.map((p) => `http://127.0.0.1:${p}`), balancerPort);
  const simulators = await startSimulators(config, o.simulators);
  const apis = apiPorts.map((port, i) => platformProcess({ name: `api-${i + 1}`, script: 'api/server.ts', env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, logDir: o.logDir }));
  const workers = Array.from({ length: o.workers }, (_, i) => platformProcess({ name: `worker-${i + 1}`, script: 'worker/main.ts', env, logDir: o.logDir }));
  for (const p of [...apis, ...workers]) p.start();

  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const enterpriseId = `ent-chaos-${suffix.toLowerCase()}`;
  const key = `chaos-key-${randomBytes(12).toString('hex')}`;
  await ensureEnterpriseWithKey(db, { id: enterpriseId, name: `混沌测试电商 ${suffix}`, customsCode: `5117${suffix}`.slice(0, 10), key });
  await loadSampleRefundRates(db, repoRoot()); // the 9810 example's goods (docs/refund-rates.md)

  const cluster: Cluster = {
    config,
    env,
    db,
    temporal,
    balancer,
    workers,
    apis,
    sims: simulators.sims,
    enterpriseId,
    api: createCbecClient(balancer.url, key),
    async ready() {
      await Promise.all([
        ...apis.map((a, i) => a.running && waitUntil(async () => (await fetch(`http://127.0.0.1:${apiPorts[i]}/health`)).ok, `${a.name} to answer /health`, 180_000, 250)),
        ...workers.map((w) => w.running && waitUntil(async () => (await workflowPollers(temporal, config)).has(w.pid!), `${w.name} to poll ${config.TEMPORAL_TASK_QUEUE}`, 180_000, 250)),
      ]);
    },
    async stop() {
      await stopAll([...apis, ...workers]);
      await balancer.close();
      await simulators.stop();
      await connection.close();
      await db.$disconnect();
      await adminQuery(o.postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
  return cluster;
}

/** Process ids of the workers that polled the task queue for workflow tasks lately (identity `pid@host`). */
async function workflowPollers(temporal: Client, config: Config): Promise<Set<number>> {
  const res = await temporal.workflowService.describeTaskQueue({
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  // a killed worker stays in the list for a few minutes: look for the live process's own id
  return new Set((res.pollers ?? []).map((p) => Number((p.identity ?? '').split('@')[0])));
}
