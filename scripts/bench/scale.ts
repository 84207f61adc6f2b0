import { readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { systemsOfKind } from '../../adapters/catalogue.js';
import { Stage } from '../../domain/status.js';
import { mixedShipment } from '../lib/mix.js';
import { postShipment } from './histories.js';
import type { BenchPlatform } from './platform.js';
import type { PlatformProcess } from '../lib/processes.js';

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const mib = (bytes: number) => bytes / 1024 / 1024;

/**
 * Workflow tasks per shipment and those that timed out, over a sample of histories: a timed-out
 * task (sticky queue schedule-to-start, or start-to-close on a worker too busy to finish it) is
 * retried on the normal queue, a full replay, the mark of a worker thrashing its cache.
 */
async function workflowTasks(p: BenchPlatform, ids: string[]): Promise<{ histories: number; perShipment: number; timedOutPerShipment: number }> {
  let started = 0;
  let timedOut = 0;
  for (const id of ids) {
    const history = await p.temporal.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? []) {
      if (e.workflowTaskStartedEventAttributes) started++;
      if (e.workflowTaskTimedOutEventAttributes) timedOut++;
    }
  }
  const n = Math.max(ids.length, 1);
  return { histories: ids.length, perShipment: started / n, timedOutPerShipment: timedOut / n };
}

async function holdMilestones(p: BenchPlatform, hold: string[]): Promise<void> {
  await Promise.all(systemsOfKind('carrier').map(async (c) => {
    const res = await fetch(`${p.sims[c.id]!}/_control/milestones`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold }) });
    // the China–Europe rail simulator (adapters/rail) has its own engine without this control: not used here
    if (!res.ok && c.id !== 'rail') throw new Error(`${c.id}: /_control/milestones answered ${res.status}`);
  }));
}

/** What admission control told the bench client: 429 answers and the seconds it waited on their Retry-After. */
export interface Pushback {
  refused: number;
  waitedS: number;
  longestRetryAfterS: number;
}

/**
 * Creates a shipment through the API as a well-behaved client does: on 429 OVERLOADED it waits
 * the Retry-After the API gave and sends the same request again (a repeat is safe: same body,
 * same id). Other answers than 200/202 fail the run.
 */
export async function createHonouringRetryAfter(p: BenchPlatform, body: ReturnType<typeof mixedShipment>, pushback: Pushback): Promise<string> {
  for (;;) {
    const res = await postShipment(p, body);
    if (res.data) return res.data.id;
    const retryAfterS = Number(res.response.headers.get('retry-after'));
    if (res.response.status !== 429 || !(retryAfterS > 0)) throw new Error(`create ${body.orderNo}: ${res.response.status} ${JSON.stringify(res.error)}`);
    pushback.refused += 1;
    pushback.waitedS += retryAfterS;
    pushback.longestRetryAfterS = Math.max(pushback.longestRetryAfterS, retryAfterS);
    await new Promise((r) => setTimeout(r, retryAfterS * 1000));
  }
}

/** Waits until `count` worker processes poll the run's task queue (each worker/main.ts bundles the workflows first). */
async function pollersReady(p: BenchPlatform, count: number, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await p.temporal.workflowService.describeTaskQueue({ namespace: p.config.TEMPORAL_NAMESPACE, taskQueue: { name: p.config.TEMPORAL_TASK_QUEUE }, taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW });
    if (new Set(res.pollers.map((x) => x.identity)).size >= count) return;
    if (Date.now() > until) throw new Error(`${count} workers did not poll within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Section 4: N 9610 shipments (the four corridors of the shared carrier engine) open at once on one worker, all waiting in transit for the border
 * crossing (the carriers hold that milestone), memory measured while they wait, then the
 * milestones released in one burst and the time until all completed.
 */
export async function scale(p: BenchPlatform, o: { target: number; lanes: number; timeBoxMs: number; drainTimeoutMs: number; maxCachedWorkflows: number; workflowThreads: number; workers: number; log: (l: string) => void }) {
  const prefix = `SC${Date.now().toString(36).toUpperCase()}`;
  const settings = { maxCachedWorkflows: o.maxCachedWorkflows, workflowThreads: o.workflowThreads };
  const extra: PlatformProcess[] = Array.from({ length: o.workers - 1 }, (_, i) => p.workerProcess(`worker-${i + 2}`, settings));
  const stopWorker = await p.startWorker('shipment', settings);
  const pushback: Pushback = { refused: 0, waitedS: 0, longestRetryAfterS: 0 };
  try {
    for (const w of extra) w.start();
    await pollersReady(p, o.workers);
    p.admission(true);
    await holdMilestones(p, ['BORDER_CROSSED']);
    const ids: string[] = [];
    const started = Date.now();
    const deadline = started + o.timeBoxMs;
    // creating stops at 70 % of the time box: the rest is for the last ones to reach transit
    const createUntil = started + 0.7 * o.timeBoxMs;
    let next = 0;
    let limitedBy = '';
    await Promise.all(Array.from({ length: o.lanes }, async () => {
      while (next < o.target && Date.now() < createUntil) {
        const i = next++;
        ids.push(await createHonouringRetryAfter(p, mixedShipment(prefix, (i % 4) + 1 + 8 * Math.floor(i / 4)), pushback));
      }
    }));
    if (ids.length < o.target) limitedBy = `time box: ${ids.length} created within ${(0.7 * o.timeBoxMs) / 60000} min (70 % of the box; API, worker, simulators, server and database share the CPU)`;
    p.admission(false);
    o.log(`scale: ${ids.length} shipments created in ${((Date.now() - started) / 1000).toFixed(0)} s (${pushback.refused} × 429 OVERLOADED, ${pushback.waitedS} s waited); waiting for them to reach transit`);
    const waitingNow = () => p.db.shipment.count({ where: { id: { startsWith: `shipment:${p.enterpriseId}:${prefix}-` }, stage: Stage.TRANSIT } });
    let waiting = await waitingNow();
    let lastLog = Date.now();
    while (waiting < ids.length) {
      if (Date.now() > deadline) {
        limitedBy ||= `time box: ${waiting}/${ids.length} reached transit within ${o.timeBoxMs / 60000} min (worker CPU on ${ids.length - waiting} still in the early stages)`;
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
      waiting = await waitingNow();
      if (Date.now() - lastLog > 30_000) {
        o.log(`scale: ${waiting}/${ids.length} waiting in transit`);
        lastLog = Date.now();
      }
    }
    const reachedMs = Date.now() - started;
    // memory while they wait: a few samples, the highest kept
    let worker = { rss: 0, heapUsed: 0, heapTotal: 0 };
    let server = 0;
    const extraRss = extra.map(() => 0);
    for (let i = 0; i < 5; i++) {
      const m = process.memoryUsage();
      worker = { rss: Math.max(worker.rss, mib(m.rss)), heapUsed: Math.max(worker.heapUsed, mib(m.heapUsed)), heapTotal: Math.max(worker.heapTotal, mib(m.heapTotal)) };
      server = Math.max(server, rssMiB(p.server.process.pid));
      extra.forEach((w, k) => (extraRss[k] = Math.max(extraRss[k]!, rssMiB(w.pid))));
      await new Promise((r) => setTimeout(r, 1000));
    }
    const waitingIds = (await p.db.shipment.findMany({ where: { id: { in: ids }, stage: Stage.TRANSIT }, select: { id: true } })).map((r) => r.id);
    waiting = waitingIds.length;
    o.log(`scale: ${waiting} waiting; bench process RSS ${worker.rss.toFixed(0)} MiB${extraRss.map((r, k) => `, worker ${k + 2} RSS ${r.toFixed(0)} MiB`).join('')}, server RSS ${server.toFixed(0)} MiB; releasing the milestones`);
    const released = Date.now();
    await holdMilestones(p, []);
    // drain: the shipments that were waiting in transit when the milestones were released
    const doneNow = () => p.db.shipment.count({ where: { id: { in: waitingIds }, status: 'COMPLETED' } });
    let done = await doneNow();
    while (done < waitingIds.length && Date.now() - released < o.drainTimeoutMs) {
      await new Promise((r) => setTimeout(r, 500));
      done = await doneNow();
    }
    const drainMs = Date.now() - released;
    const tasks = await workflowTasks(p, waitingIds.slice(0, 40));
    const completedAll = await p.db.shipment.count({ where: { id: { in: ids }, status: 'COMPLETED' } });
    const breaches = await p.db.shipmentEvent.count({ where: { shipmentId: { in: ids }, type: 'SLA_BREACHED' } });
    return { target: o.target, tasks, created: ids.length, waiting, reachedMs, worker, extraWorkersRssMiB: extraRss, serverRssMiB: server, drainMs, completed: done, completedAll, breaches, limitedBy, pushback };
  } finally {
    p.admission(false);
    await holdMilestones(p, []).catch(() => undefined);
    await Promise.all([stopWorker(), ...extra.map((w) => w.kill('SIGTERM'))]);
  }
}
