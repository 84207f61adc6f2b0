import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BundleOptions, bundleWorkflowCode, type NativeConnection, Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { projectionInterceptor } from './projection-interceptor.js';
import { orderInterceptor, StoredOrders } from './order-interceptor.js';
import { loadEvidenceKeys } from '../config/evidence-key.js';
import { createConfiguredSigner } from '../adapters/single-window/signing/index.js';
import { loadOutbound, type OutboundSystem } from '../adapters/outbound.js';
import type { OutboundKind, PortOfKind, SystemClientOptions } from '../adapters/kit/system-outbound.js';
import { buildCustomsMessage, buildSummaryMessage, createDxpClient, createReceiptQuery, createSingleWindowClient } from '../adapters/single-window/index.js';
import { createTaxClient } from '../adapters/tax/index.js';
import { UNSIGNED_IMPORT_MESSAGES } from '../config/secrets.js';
import { systemEndpoint, type Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { dataConverter, fieldCipher } from '../codec/index.js';
import { activityLogInterceptor, adapterHttpLogger, type Logger } from '../observability/logging.js';
import type { Tracing } from '../observability/tracing.js';
import { tracingActivityInterceptor, tracingSinks, WORKFLOW_TRACING_MODULES } from '../observability/tracing-temporal.js';
import { withStackTraces } from './stack-traces.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * The workflow interceptor modules of every workflow bundle (tracing's, always present, see
 * observability/tracing-temporal.ts); bundlePlatformWorkflows puts them in every prebuilt bundle
 * (worker/bundle.ts, tests, test/replay). Leaving them out when untraced would save each replay
 * about a third of its CPU, but their async wrappers order the workflow's microtasks: histories
 * with updates (inspections, corrections, returns) recorded with them do not replay without them.
 * observability/untraced-headers.ts comes after them: it drops their trace header from an untraced
 * workflow's commands.
 */
export const WORKFLOW_INTERCEPTOR_MODULES: string[] = [...WORKFLOW_TRACING_MODULES, fileURLToPath(new URL('../observability/untraced-headers.ts', import.meta.url))];

/** A logger for bundling that keeps webpack's errors and drops its progress lines (tests, bench, replay). */
export const QUIET_BUNDLE_LOGGER: NonNullable<BundleOptions['logger']> = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} };

/**
 * The platform's workflow bundle, as every worker runs it: workflows/ with the interceptor modules.
 * The one place that says what goes into a bundle; `extra` adds a logger or a webpack hook (test/upgrade).
 */
export function bundlePlatformWorkflows(extra: Omit<BundleOptions, 'workflowsPath' | 'workflowInterceptorModules'> = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...extra, workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES });
}

/** Where the worker gets its workflow code: a given or prebuilt bundle (WORKFLOW_BUNDLE_PATH), else workflows/ bundled now. */
export function workflowSource(opts: { workflowBundle?: WorkerOptions['workflowBundle']; bundlePath?: string | undefined }): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'> {
  if (opts.workflowBundle) return { workflowBundle: opts.workflowBundle };
  if (opts.bundlePath) {
    if (!existsSync(opts.bundlePath)) throw new Error(`WORKFLOW_BUNDLE_PATH: no workflow bundle at ${opts.bundlePath} (build it with: npx tsx worker/bundle.ts ${opts.bundlePath})`);
    return { workflowBundle: { codePath: opts.bundlePath } };
  }
  return { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };
}

/**
 * The worker's build id, written on every workflow and activity task of every history (the Web
 * UI shows it per task): the first 8 hex digits of the workflow bundle's SHA-256, like a short
 * git hash, still telling bundles apart, instead of the SDK's default
 * `@temporalio/worker@<version>+<64 hex>` (about 80 bytes more on each of ~55 events of a 9610
 * shipment). An identifier only: worker versioning stays off (no useVersioning, no
 * workerDeploymentOptions; docs/deploy.md §5).
 */
export function workflowBuildId(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 8);
}

/** The source as a bundle in memory (workflows/ bundled now when it is a path), to name it with workflowBuildId. */
async function bundled(source: ReturnType<typeof workflowSource>): Promise<{ code: string }> {
  const given = source.workflowBundle;
  if (given && 'code' in given) return { code: given.code };
  if (given && 'codePath' in given) return { code: readFileSync(given.codePath, 'utf8') };
  return bundlePlatformWorkflows();
}

/**
 * Adapter clients for the configured endpoints (simulators by default): the Single Window and the
 * tax bureau, and every registered carrier, FX provider, warehouse system, lender and insurer by id
 * (adapters/systems.ts). With `logger`, every exchange is logged redacted (adapters/kit/redact.ts)
 * with the calling activity's ids.
 */
export async function createPorts(config: Config, logger?: Logger) {
  const timeoutMs = config.ADAPTER_TIMEOUT_MS;
  const common = { timeoutMs, ...(logger ? { logger: adapterHttpLogger(logger) } : {}) };
  const systems = await loadOutbound();
  const clients = <K extends OutboundKind>(list: readonly OutboundSystem<K>[]): Record<string, PortOfKind[K]> =>
    Object.fromEntries(list.map(({ system, outbound }) => {
      const options: SystemClientOptions = { baseUrl: systemEndpoint(config, system).url, ...common, config };
      return [system.id, outbound.createClient(options)];
    }));
  return {
    singleWindow: config.SINGLE_WINDOW_TRANSPORT === 'dxp'
      ? createDxpClient({ baseUrl: config.SINGLE_WINDOW_URL, dxpId: config.DXP_ID, ...common })
      : createSingleWindowClient({ baseUrl: config.SINGLE_WINDOW_URL, ...common }),
    // the gateway keeps the receipts it issued for a query; over DXP they wait at the transport node
    receiptQuery: config.SINGLE_WINDOW_TRANSPORT === 'gateway' ? createReceiptQuery({ baseUrl: config.SINGLE_WINDOW_URL, ...common }) : undefined,
    carriers: clients(systems.carriers),
    fxProviders: clients(systems.fxProviders),
    tax: createTaxClient({ baseUrl: config.TAX_URL, ...common }),
    warehouses: clients(systems.warehouses),
    lenders: clients(systems.lenders),
    insurers: clients(systems.insurers),
  };
}

/**
 * The shipment worker: workflows from workflows/index.ts, activities wired to the adapters.
 * `workflowBundle` may be passed to skip bundling (tests bundle once per file).
 */
export async function createShipmentWorker(opts: {
  config: Config;
  db: Db;
  connection: NativeConnection;
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  /** JSON logger for activities and adapter exchanges (observability/logging.ts); unset: silent. */
  logger?: Logger;
  /** OpenTelemetry of the worker process (observability/tracing.ts); unset: workflow spans dropped, no activity spans. */
  tracing?: Tracing | undefined;
}): Promise<Worker> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const signing = await createConfiguredSigner(opts.config, { copCode: opts.config.DXP_COP_CODE, copName: opts.config.DXP_COP_NAME, root });
  // the platform's evidence-signing key (config/evidence-key.ts): only its id is ever logged
  const evidence = await loadEvidenceKeys(opts.config, root);
  opts.logger?.info({ evidenceKeyId: evidence.signer.kid }, 'evidence packages are signed with this key');
  // production refuses SIGNING_MODE=none at loadConfig (config/secrets.ts); development may keep it, said loudly
  if (!signing) opts.logger?.warn({ signingMode: opts.config.SIGNING_MODE }, `SIGNING_MODE=none (development only): ${UNSIGNED_IMPORT_MESSAGES}; customs and the simulator refuse them`);
  const activities = createActivities({
    db: opts.db,
    buildMessage: buildCustomsMessage,
    buildSummaryMessage,
    reportsDir: opts.config.REPORTS_DIR,
    personalData: { cipher: fieldCipher(opts.config), hashKey: opts.config.BUYER_ID_HASH_KEY.reveal(), retentionDays: opts.config.PERSONAL_DATA_RETENTION_DAYS },
    origin: opts.config.RAIL_ORIGIN,
    signer: signing?.signer,
    evidenceSigner: evidence.signer,
    ...(await createPorts(opts.config, opts.logger)),
  });
  const source = workflowSource({ workflowBundle: opts.workflowBundle, bundlePath: opts.config.WORKFLOW_BUNDLE_PATH });
  const bundle = await bundled(source);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    // the build id names the workflow code; the stack-trace setting changes no command (worker/stack-traces.ts)
    workflowBundle: withStackTraces(bundle, opts.config.WORKFLOW_STACK_TRACES),
    buildId: workflowBuildId(bundle.code),
    activities,
    interceptors: {
      activity: [...(opts.tracing ? [tracingActivityInterceptor(opts.tracing)] : []), ...(opts.logger ? [activityLogInterceptor(opts.logger)] : []), projectionInterceptor(opts.db), orderInterceptor(new StoredOrders(opts.db), fieldCipher(opts.config))],
    },
    // spans of the workflow interceptors (in the sandbox) reach the worker's span processor through this sink
    sinks: tracingSinks(opts.tracing),
    // payloads encrypted in Temporal (codec/); plaintext histories from before still decode
    dataConverter: dataConverter(opts.config),
    ...(opts.identity ? { identity: opts.identity } : {}),
    // bounded: the workflow thread's V8 heap holds every cached shipment (sdk-typescript issue 2227)
    maxCachedWorkflows: opts.config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowThreadPoolSize: opts.config.WORKER_WORKFLOW_THREADS,
    maxConcurrentWorkflowTaskExecutions: opts.config.WORKER_WORKFLOW_TASK_SLOTS,
    stickyQueueScheduleToStartTimeout: opts.config.WORKER_STICKY_TIMEOUT_MS,
  });
}
