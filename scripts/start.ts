import { mkdirSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { buildApp } from '../api/app.js';
import { buildConsole, consoleIsStale } from './lib/console-build.js';
import { ensureEnterpriseWithKey } from '../api/auth.js';
import { dataConverter, payloadCodec } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { workerTelemetryOptions } from '../observability/runtime.js';
import { startTracing } from '../observability/tracing.js';
import { tracingClientInterceptors } from '../observability/tracing-temporal.js';
import { createDb } from '../db/client.js';
import { loadSampleRefundRates } from '../db/refund-rates.js';
import { SEARCH_ATTRIBUTES } from '../workflows/contract.js';
import { createShipmentWorker } from '../worker/worker.js';
import { ensureSummarySchedule } from '../worker/summary-schedule.js';
import { ensureReceiptRecoverySchedule } from '../worker/receipt-recovery-schedule.js';
import { ensureRetentionSchedule } from '../worker/retention-schedule.js';
import { ensureStatisticsSchedule } from '../worker/statistics-schedule.js';
import { migrate, startPglite } from './lib/database.js';
import { DEMO_OPS, DEMO_PERSON, ensureDemoPeople } from './lib/demo-people.js';
import { startSimulators } from './lib/simulators.js';
import { startDevServer } from './lib/temporal-server.js';
import { repoRoot } from './lib/tools.js';

/**
 * `npm start`: the whole platform on one machine with embedded defaults: the Temporal dev server
 * (state in .data/temporal.db, Web UI on 8233), PostgreSQL (DATABASE_URL, else embedded PGlite in
 * .data/pglite), migrations, the simulators, the worker and the API. Ctrl-C stops everything.
 */
process.env.CBEC_ENV ??= 'development'; // public default secrets and dev conveniences, on a loopback HOST only (config/secrets.ts)
process.env.TIME_SCALE ??= '86400'; // demos: a business day lasts one second
process.env.WORKER_METRICS_ADDRESS ??= '127.0.0.1:9464'; // Temporal SDK metrics of the worker (Prometheus)
process.env.SIGNING_MODE ??= 'rsa-sha1'; // CEB messages signed with a generated test key (.data/keys), verified by the simulator
const config = loadConfig();
// shutdownSignals: [] so that Ctrl-C runs the stops below in their order (API first, while the worker can still
// finish what its open requests wait on), not the SDK's own worker drain at the same moment
Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [], ...workerTelemetryOptions(config.WORKER_METRICS_ADDRESS) });
const data = `${repoRoot()}.data`;
mkdirSync(data, { recursive: true });
const stops: (() => Promise<unknown>)[] = [];
const API_DRAIN_MS = 10_000;
const log = (line: string) => console.log(`cbec-hub: ${line}`);

async function main(): Promise<void> {
  // Temporal
  let temporalAddress = config.TEMPORAL_ADDRESS;
  let uiUrl = '(your cluster\'s Web UI)';
  let devUiUrl: string | undefined;
  if (process.env.TEMPORAL_ADDRESS) {
    await registerSearchAttributes();
    log(`Temporal: using ${temporalAddress}; search attributes registered`);
  } else {
    const port = Number(temporalAddress.split(':')[1] ?? 7233);
    // the Web UI decodes encrypted payloads through the API's codec server (ops log in at /codec/login)
    const server = await startDevServer({ port, uiPort: port + 1000, dbFile: `${data}/temporal.db`, codecEndpoint: `${config.PUBLIC_URL}/codec` });
    stops.push(server.stop);
    temporalAddress = server.address;
    devUiUrl = server.uiUrl;
    uiUrl = devUiUrl ?? uiUrl;
    log(`Temporal dev server: ${temporalAddress} (state in .data/temporal.db), Web UI ${uiUrl}`);
  }

  // Database
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pglite = await startPglite({ dataDir: `${data}/pglite`, port: Number(process.env.PGLITE_PORT ?? 5433) });
    stops.push(pglite.stop);
    databaseUrl = pglite.url;
    log(`database: embedded PGlite at ${databaseUrl} (data in .data/pglite)`);
  } else {
    log('database: DATABASE_URL');
  }
  await migrate(databaseUrl, config.DATABASE_SCHEMA);
  log('database migrations applied');
  // PGlite serves one query at a time; interleaved extended-protocol queries from several
  // connections fail there ("unnamed prepared statement does not exist"), so use one connection.
  const db = createDb(databaseUrl, { ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), poolSize: config.DATABASE_URL ? 10 : 1 });
  stops.push(() => db.$disconnect());
  if (config.DEMO_API_KEY) {
    await ensureEnterpriseWithKey(db, { id: 'ent-dazhou-demo', name: '达州示范跨境电商有限公司', customsCode: '5117960001', key: config.DEMO_API_KEY.reveal(), label: 'demo' });
    // sample refund rates for the demo's 9810 goods (docs/refund-rates.md; invented, not the official library)
    await loadSampleRefundRates(db, repoRoot());
    // console people with public credentials: development only (scripts/lib/demo-people.ts)
    if (config.development) await ensureDemoPeople(db, 'ent-dazhou-demo', config.development);
  }

  // Simulators
  const sims = await startSimulators(config);
  stops.push(sims.stop);
  for (const [name, { url }] of Object.entries(sims.sims)) log(`simulator ${name}: ${url} (effects: ${url}/_ledger)`);

  // Worker and API
  // the console's ops pages link shipments to the Web UI this dev server actually serves (GET /v1/ops/settings)
  const runtimeConfig = { ...config, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: config.TEMPORAL_UI_URL ?? devUiUrl };
  // TLS / mTLS / API key only for a configured cluster (config/temporal.ts); the dev server is plain
  const temporalConnection = process.env.TEMPORAL_ADDRESS ? temporalConnectionOptions(config) : { address: temporalAddress };
  const nativeConnection = await NativeConnection.connect(temporalConnection);
  // OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set (one process here: API and worker spans share it)
  const tracing = startTracing(config, 'cbec-worker');
  if (tracing) stops.push(() => tracing.shutdown());
  const worker = await createShipmentWorker({ config: runtimeConfig, db, connection: nativeConnection, tracing });
  const running = worker.run();
  stops.unshift(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection.close();
  });
  log(`worker: polling task queue ${config.TEMPORAL_TASK_QUEUE}${config.WORKER_METRICS_ADDRESS ? `; SDK metrics http://${config.WORKER_METRICS_ADDRESS}/metrics` : ''}`);

  const connection = await Connection.connect(temporalConnection);
  const interceptors = tracingClientInterceptors(tracing);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config), ...(interceptors ? { interceptors } : {}) });
  // the 9610 monthly summary declaration: real calendar time (1st of the month, 02:00 China), even under TIME_SCALE
  log(`schedule monthly-summary ${await ensureSummarySchedule(client, runtimeConfig)} (trigger a month by hand: POST /v1/ops/summaries)`);
  log(`schedule monthly-statistics ${await ensureStatisticsSchedule(client, runtimeConfig)} (1st of the month, 01:00 China time; a past month by hand: POST /v1/ops/statistics/reports)`);
  log(`schedule personal-data-retention ${await ensureRetentionSchedule(client, runtimeConfig)} (every day, 03:30 China time)`);
  log(`schedule receipt-recovery ${await ensureReceiptRecoverySchedule(client, runtimeConfig)} (every ${runtimeConfig.RECEIPT_QUERY_EVERY_S} s: Single Window receipts whose callbacks never arrived)`);
  // the web console: built at `npm install`; again here when its sources changed since (docs/console.md)
  if (consoleIsStale()) {
    log('console: sources newer than console/dist, building it (vite build)');
    await buildConsole();
  }
  const app = await buildApp({ db, temporal: client, config: runtimeConfig, logger: { level: 'warn' }, ...(tracing ? { tracer: tracing.tracer } : {}) });
  await app.listen({ host: config.HOST, port: config.PORT });
  stops.unshift(async () => {
    // requests still open after API_DRAIN_MS are cut, as a deploy's grace period would cut them
    const cut = setTimeout(() => app.server.closeAllConnections(), API_DRAIN_MS);
    await app.close();
    clearTimeout(cut);
    await connection.close();
  });
  log(`API: ${config.PUBLIC_URL} (docs ${config.PUBLIC_URL}/docs, OpenAPI ${config.PUBLIC_URL}/openapi.json)`);
  log(`web console: ${config.PUBLIC_URL}/console`);
  if (config.DEMO_API_KEY) log(`demo enterprise ent-dazhou-demo, API key: ${config.development ? config.DEMO_API_KEY.reveal() : '(DEMO_API_KEY)'}`);
  if (config.DEMO_API_KEY && config.development) log(`console sign-in (development only): ${DEMO_PERSON.email} / ${DEMO_PERSON.password}; ops: key ${DEMO_OPS.key}`);
  log(`payloads in Temporal are encrypted (key ${payloadCodec(config).primaryKeyId}); ${config.development ? `the local Web UI decodes them via ${config.PUBLIC_URL}/codec (development: no login)` : `the Web UI decodes them via ${config.PUBLIC_URL}/codec after an ops login at ${config.PUBLIC_URL}/codec/login`}`);
  log(`TIME_SCALE=${config.TIME_SCALE} (a business day lasts ${(86400 / config.TIME_SCALE).toFixed(2)} s)`);
  log('ready. Try: npm run demo -- --wait    (Ctrl-C stops everything)');
}

async function registerSearchAttributes(): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const type = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    const existing = await connection.operatorService.listSearchAttributes({ namespace: config.TEMPORAL_NAMESPACE });
    const missing = Object.keys(SEARCH_ATTRIBUTES).filter((name) => !(name in (existing.customAttributes ?? {})));
    if (missing.length) {
      await connection.operatorService.addSearchAttributes({ namespace: config.TEMPORAL_NAMESPACE, searchAttributes: Object.fromEntries(missing.map((n) => [n, type])) });
    }
  } finally {
    await connection.close();
  }
}

let stoppingSince: number | undefined;
async function shutdown(code: number): Promise<void> {
  if (stoppingSince !== undefined) return;
  stoppingSince = Date.now();
  log('stopping…');
  for (const stop of stops) await stop().catch((err: unknown) => console.error(err));
  process.exit(code);
}
/**
 * Ctrl-C reaches this process more than once (the terminal signals the whole process group, and
 * npm and scripts/node.mjs pass it on): a repeat within 3 s is that same Ctrl-C and must not cut
 * the shutdown short (PGlite and the Temporal dev server would be left running); a later one forces quit.
 */
function onSignal(): void {
  if (stoppingSince === undefined) return void shutdown(0);
  if (Date.now() - stoppingSince > 3000) {
    log('forced to quit: the embedded database or Temporal may still be running');
    process.exit(130);
  }
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (err: unknown) => {
  console.error(`cbec-hub: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
