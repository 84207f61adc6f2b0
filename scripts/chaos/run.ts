import { TERMINAL_STATUSES } from '../../domain/status.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { bondedStockFor, example1210, KINDS, mixedShipment } from '../lib/mix.js';
import { startDevServer, type DevServer } from '../lib/temporal-server.js';
import { freePort } from '../lib/tools.js';
import { startCluster, type Cluster } from './cluster.js';
import { FinanceDriver, financingPlan } from './finance.js';
import { registerReceivers, webhookChecks, type HostileReceiver, type WebhookFigures } from './receivers.js';
import { retrying } from './calls.js';
import { verify, type ChaosReport } from './verify.js';

export interface ChaosOptions {
  shipments: number;
  workers: number;
  apis: number;
  /** Share of business requests that fail with 503, answer late (past the adapters' timeout), of callbacks sent twice. */
  failureRate: number;
  slowRate: number;
  duplicateCallbackRate: number;
  /** Random extra real delay of every simulated step, reordering callbacks. */
  jitterMs: number;
  /** At most this many shipments open at once (a zone's steady load, not one burst). */
  maxOpen: number;
  workerKills: number;
  apiKills: number;
  serverRestarts: number;
  /** Share (0..1) of the refund-claiming 9710 and 9810 consignments financed through the API (finance.ts). */
  financeShare: number;
  /** A Temporal server to use; unset: a file-backed dev server of the run's own (needed for restarts). */
  temporalAddress?: string;
  postgresUrl: string;
  timeScale: number;
  timeoutMs: number;
  logDir: string;
  log: (line: string) => void;
  /** Aborting stops the run: processes stopped, database dropped, no report. */
  signal?: AbortSignal;
}

/** What was done to the platform during the run. */
export interface Disruptions {
  workerKills: number;
  apiKills: number;
  serverRestarts: number;
}

/**
 * One chaos run: the cluster (workers and APIs as processes behind a balancer), simulators
 * failing, answering late and repeating or reordering callbacks, shipments of every mode and
 * corridor, SIGKILLs of workers and APIs and a restart of the Temporal server while they run;
 * then the checks of verify.ts.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  let server: DevServer | undefined;
  let serverPort = 0;
  if (!o.temporalAddress) {
    serverPort = await freePort();
    server = await startDevServer({ port: serverPort, dbFile: `${o.logDir}/temporal.db` });
    o.log(`Temporal dev server ${server.address} (file-backed: ${o.logDir}/temporal.db)`);
  } else if (o.serverRestarts > 0) {
    throw new Error('server restarts need a dev server of the run\'s own (leave temporalAddress unset)');
  }
  const cluster = await startCluster({
    temporalAddress: o.temporalAddress ?? server!.address,
    postgresUrl: o.postgresUrl,
    workers: o.workers,
    apis: o.apis,
    timeScale: o.timeScale,
    logDir: o.logDir,
    // a late answer must outlast the adapters' timeout to count as a timeout
    env: { ADAPTER_TIMEOUT_MS: '1500', WEBHOOK_DELIVERY_MS: String(CHAOS_WEBHOOK_ROUND_MS) },
    // an offer outlives the loaded machine's way from the lender's decision to the draw (acceptance, a worker's turn)
    simulators: { offerMinRealMs: 600_000 },
  });
  let receivers: HostileReceiver[] = [];
  const done: Disruptions = { workerKills: 0, apiKills: 0, serverRestarts: 0 };
  try {
    await cluster.ready();
    o.log(`cluster ready: ${o.workers} workers, ${o.apis} APIs behind ${cluster.balancer.url}, task queue ${cluster.config.TEMPORAL_TASK_QUEUE}`);
    receivers = await registerReceivers((body) => retrying(() => cluster.api.POST('/v1/webhook-endpoints', { body })), o.timeScale);
    o.log(`webhook receivers registered: ${receivers.map((r) => `${r.behaviour} ${r.endpointId}`).join(', ')}`);
    setFaults(cluster, o);
    const prefix = `CH${Date.now().toString(36).toUpperCase()}`;
    const bodies = Array.from({ length: o.shipments }, (_, i) => mixedShipment(prefix, i));
    if (bodies.some((b) => b.mode === '1210')) await enterStock(cluster, `${prefix}-STOCK`, o.shipments);
    const finance = new FinanceDriver(cluster, financingPlan(bodies, o.financeShare), o.log);
    await finance.prepare();
    o.log(`financing ${finance.figures.planned} of the ${bodies.filter((b) => b.mode === '9710' || b.mode === '9810').length} 9710/9810 consignments (share ${o.financeShare})`);

    const plan = disruptionPlan(o);
    const ids = new Map<string, string>(); // orderNo -> shipment id
    const status = new Map<string, string>();
    let submitting = true;
    const open = () => [...ids.values()].filter((id) => !TERMINAL_STATUSES.includes(status.get(id) as never)).length;
    const submission = submitAll(cluster, bodies, ids, () => open() < o.maxOpen).finally(() => (submitting = false));
    const deadline = started + o.timeoutMs;
    let nextAction = Date.now() + 1500;
    let nextProgress = Date.now() + 30_000;
    // once every shipment has finished, the loans get LOAN_DRAIN_MS more to close (a repayment's confirmation)
    let loansUntil = Infinity;
    const shipmentsOpen = () => submitting || [...ids.values()].some((id) => !TERMINAL_STATUSES.includes(status.get(id) as never));
    while (shipmentsOpen() || (finance.open() && Date.now() < loansUntil)) {
      if (Date.now() > deadline) break;
      if (o.signal?.aborted) throw new Error('the run was interrupted');
      await refresh(cluster, [...ids.values()], status);
      await finance.tick(status);
      if (!shipmentsOpen() && loansUntil === Infinity) loansUntil = Date.now() + LOAN_DRAIN_MS;
      const finished = [...status.values()].filter((s) => TERMINAL_STATUSES.includes(s as never)).length;
      if (Date.now() >= nextProgress) {
        nextProgress = Date.now() + 30_000;
        o.log(`progress: ${ids.size}/${bodies.length} accepted, ${finished} finished; financing: ${finance.figures.applied} applied, ${finance.figures.accepted} accepted`);
      }
      const action = plan[0];
      if (action && Date.now() >= nextAction && finished >= action.afterFinished && ids.size > finished) {
        plan.shift();
        await disrupt(cluster, action.kind, done, o, server, serverPort);
        nextAction = Date.now() + 2000;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await submission.catch((err: unknown) => o.log(`submission failed: ${String(err)}`));
    setFaults(cluster, { failureRate: 0, slowRate: 0, duplicateCallbackRate: 0, jitterMs: 0 });
    const unfinished = plan.length;
    if (unfinished) o.log(`${unfinished} planned disruption(s) not done: the shipments finished first`);
    const webhooks = await drainWebhooks(cluster, receivers, o);
    return await verify({ cluster, bodies, ids, disruptions: done, durationMs: Date.now() - started, log: o.log, webhooks, finance: finance.figures });
  } finally {
    await Promise.all(receivers.map((r) => r.stop()));
    await cluster.stop();
    await server?.stop();
  }
}

/** Real ms the loans have, once every shipment finished, to end (their last repayment's confirmation, a stray offer's expiry). */
const LOAN_DRAIN_MS = 120_000;

/**
 * Real ms between delivery rounds in the chaos cluster: 250 (the default is 1000), so receivers see
 * enough attempts in a run of minutes. At TIME_SCALE 864,000 the 3 scaled days of retries pass in
 * 0.3 s, less than one round: a failing delivery is then given up by the attempts rule alone
 * (MIN_FAILED_ATTEMPTS failures in a row, 2.5 s of retries here), not by a scaled clock that the
 * rounds cannot follow. Faster rounds would cost each API process a claim every few ms.
 */
export const CHAOS_WEBHOOK_ROUND_MS = 250;

/**
 * Waits until every receiver has every event it subscribes to, or nothing is left to send (no
 * delivery waiting and the figures unchanged for 10 s), or 5 minutes; then the figures.
 */
async function drainWebhooks(cluster: Cluster, receivers: HostileReceiver[], o: ChaosOptions): Promise<WebhookFigures> {
  const deadline = Date.now() + 300_000;
  let quietSince = Date.now();
  let lastLost = -1;
  for (;;) {
    const events = await cluster.db.enterpriseEvent.findMany({ where: { enterpriseId: cluster.enterpriseId }, select: { id: true, type: true, orderingKey: true, sequence: true } });
    const disabled = await cluster.db.webhookEndpoint.count({ where: { id: { in: receivers.map((r) => r.endpointId) }, status: 'DISABLED' } });
    const figures = webhookChecks(receivers, events.map((e) => ({ ...e, sequence: Number(e.sequence) })), disabled);
    const waiting = await cluster.db.webhookDelivery.count({ where: { endpointId: { in: receivers.map((r) => r.endpointId) }, status: 'PENDING' } });
    if (figures.lost.length !== lastLost) {
      lastLost = figures.lost.length;
      quietSince = Date.now();
    }
    if (figures.lost.length === 0 || Date.now() > deadline || (waiting === 0 && Date.now() - quietSince > 10_000)) {
      o.log(`webhooks: ${figures.expected} deliveries expected, ${figures.lost.length} missing, ${waiting} waiting`);
      return figures;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export type Action = { kind: 'worker' | 'api' | 'server'; afterFinished: number };

/**
 * Disruptions spread over the run, the kinds taken in turn (worker, api, server, worker, …) so
 * every kind happens while shipments are open; the n-th waits until n/count of 75 % finished.
 */
export function disruptionPlan(o: Pick<ChaosOptions, 'shipments' | 'workerKills' | 'apiKills' | 'serverRestarts'>): Action[] {
  const left: Record<Action['kind'], number> = { worker: o.workerKills, api: o.apiKills, server: o.serverRestarts };
  const total = o.workerKills + o.apiKills + o.serverRestarts;
  const kinds: Action['kind'][] = [];
  while (kinds.length < total) {
    for (const k of ['worker', 'api', 'server'] as const) {
      if (left[k] > 0) {
        left[k] -= 1;
        kinds.push(k);
      }
    }
  }
  return kinds.map((kind, i) => ({ kind, afterFinished: Math.floor((o.shipments * 0.75 * i) / total) }));
}

async function disrupt(cluster: Cluster, kind: Action['kind'], done: Disruptions, o: ChaosOptions, server: DevServer | undefined, port: number): Promise<void> {
  if (kind === 'server' && server) {
    o.log('restarting the Temporal dev server (SIGTERM, same state file)');
    await server.stop();
    const again = await startDevServer({ port, dbFile: `${o.logDir}/temporal.db` });
    Object.assign(server, again);
    done.serverRestarts += 1;
    return;
  }
  const pool = kind === 'worker' ? cluster.workers : cluster.apis;
  const victim = pool.filter((p) => p.running)[Math.floor(Math.random() * pool.filter((p) => p.running).length)];
  if (!victim) return;
  o.log(`SIGKILL ${victim.name} (pid ${victim.pid})`);
  await victim.kill('SIGKILL');
  if (kind === 'worker') done.workerKills += 1;
  else done.apiKills += 1;
  // back after a short outage, as a supervisor (compose, systemd, k8s) would restart it
  await new Promise((r) => setTimeout(r, 1000));
  victim.start();
  o.log(`restarted ${victim.name} (pid ${victim.pid})`);
}

function setFaults(cluster: Cluster, f: Pick<ChaosOptions, 'failureRate' | 'slowRate' | 'duplicateCallbackRate' | 'jitterMs'>): void {
  for (const { sim } of Object.values(cluster.sims)) {
    Object.assign(sim.faults, { failureRate: f.failureRate, slowRate: f.slowRate, slowMs: 2000, duplicateCallbackRate: f.duplicateCallbackRate, jitterMs: f.jitterMs });
  }
}

/** Enters bonded stock for the run's 1210 orders (retrying through failures) and waits for it. */
async function enterStock(cluster: Cluster, entryNo: string, count: number): Promise<void> {
  const body = { warehouseCode: example1210.warehouse.code, entryNo, lines: bondedStockFor(count) };
  const created = await retrying(() => cluster.api.POST('/v1/stock-entries', { body }));
  await retrying(async () => {
    const res = await cluster.api.GET('/v1/stock-entries/{id}', { params: { path: { id: created.id } } });
    return res.data?.status === 'RECEIVED' ? res : { response: { status: 503 } };
  }, 120_000);
}

/** Submits every shipment through the balancer, a few at a time; a failed request is resent as is. */
async function submitAll(cluster: Cluster, bodies: ShipmentCreate[], ids: Map<string, string>, room: () => boolean): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < bodies.length) {
      if (!room()) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const body = bodies[next++]!;
      const created = await retrying(() => cluster.api.POST('/v1/shipments', { body }));
      ids.set(body.orderNo, created.id);
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));
}

async function refresh(cluster: Cluster, ids: string[], status: Map<string, string>): Promise<void> {
  const open = ids.filter((id) => !TERMINAL_STATUSES.includes(status.get(id) as never));
  for (let i = 0; i < open.length; i += 500) {
    const rows = await cluster.db.shipment.findMany({ where: { id: { in: open.slice(i, i + 500) } }, select: { id: true, status: true } });
    for (const r of rows) status.set(r.id, r.status);
  }
}

export { KINDS };
