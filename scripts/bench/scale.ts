import { readFileSync } from 'node:fs';
import { systemsOfKind } from '../../adapters/catalogue.js';
import { Stage } from '../../domain/status.js';
import { mixedShipment } from '../lib/mix.js';
import { create } from './histories.js';
import type { BenchPlatform } from './platform.js';

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

async function holdMilestones(p: BenchPlatform, hold: string[]): Promise<void> {
  await Promise.all(systemsOfKind('carrier').map(async (c) => {
    const res = await fetch(`${p.sims[c.id]!}/_control/milestones`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold }) });
    // the China–Europe rail simulator (adapters/rail) has its own engine without this control: not used here
    if (!res.ok && c.id !== 'rail') throw new Error(`${c.id}: /_control/milestones answered ${res.status}`);
  }));
}

/**
 * Section 4: N 9610 shipments (the four corridors of the shared carrier engine) open at once on one worker, all waiting in transit for the border
 * crossing (the carriers hold that milestone), memory measured while they wait, then the
 * milestones released in one burst and the time until all completed.
 */
export async function scale(p: BenchPlatform, o: { target: number; lanes: number; timeBoxMs: number; drainTimeoutMs: number; maxCachedWorkflows: number; workflowThreads: number; log: (l: string) => void }) {
  const prefix = `SC${Date.now().toString(36).toUpperCase()}`;
  const stopWorker = await p.startWorker('shipment', { maxCachedWorkflows: o.maxCachedWorkflows, workflowThreads: o.workflowThreads });
  try {
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
        ids.push(await create(p, mixedShipment(prefix, (i % 4) + 1 + 8 * Math.floor(i / 4))));
      }
    }));
    if (ids.length < o.target) limitedBy = `time box: ${ids.length} created within ${(0.7 * o.timeBoxMs) / 60000} min (70 % of the box; API, worker, simulators, server and database share the CPU)`;
    o.log(`scale: ${ids.length} shipments created in ${((Date.now() - started) / 1000).toFixed(0)} s; waiting for them to reach transit`);
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
    for (let i = 0; i < 5; i++) {
      const m = process.memoryUsage();
      worker = { rss: Math.max(worker.rss, mib(m.rss)), heapUsed: Math.max(worker.heapUsed, mib(m.heapUsed)), heapTotal: Math.max(worker.heapTotal, mib(m.heapTotal)) };
      server = Math.max(server, rssMiB(p.server.process.pid));
      await new Promise((r) => setTimeout(r, 1000));
    }
    const waitingIds = (await p.db.shipment.findMany({ where: { id: { in: ids }, stage: Stage.TRANSIT }, select: { id: true } })).map((r) => r.id);
    waiting = waitingIds.length;
    o.log(`scale: ${waiting} waiting; bench process RSS ${worker.rss.toFixed(0)} MiB, server RSS ${server.toFixed(0)} MiB; releasing the milestones`);
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
    const completedAll = await p.db.shipment.count({ where: { id: { in: ids }, status: 'COMPLETED' } });
    const breaches = await p.db.shipmentEvent.count({ where: { shipmentId: { in: ids }, type: 'SLA_BREACHED' } });
    return { target: o.target, created: ids.length, waiting, reachedMs, worker, serverRssMiB: server, drainMs, completed: done, completedAll, breaches, limitedBy };
  } finally {
    await holdMilestones(p, []).catch(() => undefined);
    await stopWorker();
  }
}
