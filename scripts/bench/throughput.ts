import { mixedShipment } from '../lib/mix.js';
import type { ActionCount } from './actions.js';
import type { BarePlan } from './bare.workflow.js';
import { create, measure } from './histories.js';
import type { BenchPlatform } from './platform.js';
import { cpuNow, cpuPer } from './cpu.js';

export interface Batch {
  count: number;
  /** Completions per second over the whole batch (first start to last completion). */
  makespanRate: number;
  /** Completions per second between the 10th and the 90th percentile completion (steady state). */
  steadyRate: number;
  p50LatencyS: number;
  failed: number;
}

/** Starts `n` workflows with `lanes` concurrent starts and times each one's completion. */
async function runBatch(n: number, lanes: number, start: (i: number) => Promise<string>, result: (id: string) => Promise<unknown>, timeoutMs: number): Promise<Batch & { ids: string[] }> {
  const t0 = performance.now();
  const done: number[] = [];
  const latency: number[] = [];
  const ids: string[] = [];
  const waits: Promise<void>[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) {
      const i = next++;
      const id = await start(i);
      ids.push(id);
      const startedAt = performance.now();
      waits.push(result(id).then(
        () => {
          done.push(performance.now());
          latency.push(performance.now() - startedAt);
        },
        () => void failed++,
      ));
    }
  }));
  const all = Promise.all(waits);
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  if ((await Promise.race([all, timeout])) === 'timeout') throw new Error(`${done.length}/${n} workflows finished within ${timeoutMs / 1000} s`);
  done.sort((a, b) => a - b);
  latency.sort((a, b) => a - b);
  const at = (f: number) => done[Math.min(done.length - 1, Math.floor(f * (done.length - 1)))]!;
  const steadyCount = Math.floor(0.9 * (done.length - 1)) - Math.floor(0.1 * (done.length - 1));
  return {
    ids,
    count: n,
    failed,
    makespanRate: done.length / ((done.at(-1)! - t0) / 1000),
    steadyRate: steadyCount > 0 ? steadyCount / ((at(0.9) - at(0.1)) / 1000) : NaN,
    p50LatencyS: (latency[Math.floor(latency.length / 2)] ?? NaN) / 1000,
  };
}

export function planOf(c: ActionCount): BarePlan {
  return { activities: c.activities, localActivityTasks: c.localActivityTasks, signals: c.signals, timers: c.timers, upserts: c.upserts };
}

/** Section 1: 9610 shipments end to end (created through the API) vs the bare workflow with the same counts. */
export async function throughput(p: BenchPlatform, o: { shipments: number; lanes: number; plan: BarePlan; timeoutMs: number; log: (l: string) => void }) {
  const prefix = `TP${Date.now().toString(36).toUpperCase()}`;
  let stopWorker = await p.startWorker('shipment');
  let real: Awaited<ReturnType<typeof runBatch>>;
  // zero-latency outside systems: a shipment waits for no business delay, as the bare workflow
  await p.zeroLatency(true);
  const cpu = () => cpuNow({ temporal: p.server.process.pid, simulators: p.simulatorsPid });
  const realBefore = cpu();
  try {
    // 9610 over the five corridors (mix kinds 0..4)
    real = await runBatch(o.shipments, o.lanes, (i) => create(p, mixedShipment(prefix, (i % 5) + 8 * Math.floor(i / 5))), (id) => p.temporal.workflow.getHandle(id).result(), o.timeoutMs);
  } finally {
    await p.zeroLatency(false);
    await stopWorker();
  }
  const realCpu = cpuPer(realBefore, cpu(), o.shipments);
  const breaches = await p.db.shipmentEvent.count({ where: { shipmentId: { in: real.ids }, type: 'SLA_BREACHED' } });
  const completed = await p.db.shipment.count({ where: { id: { in: real.ids }, status: 'COMPLETED' } });
  o.log(`real: ${real.count} shipments, ${real.steadyRate.toFixed(2)}/s steady, ${completed} COMPLETED, ${breaches} SLA breaches`);
  stopWorker = await p.startWorker('bare');
  let bare: Awaited<ReturnType<typeof runBatch>>;
  const bareBefore = cpu();
  try {
    bare = await runBatch(o.shipments, o.lanes, async (i) => {
      const h = await p.temporal.workflow.start('bareWorkflow', { taskQueue: p.config.TEMPORAL_TASK_QUEUE, workflowId: `bare:${prefix}:${i}`, args: [o.plan] });
      return h.workflowId;
    }, (id) => p.temporal.workflow.getHandle(id).result(), o.timeoutMs);
  } finally {
    await stopWorker();
  }
  const bareCpu = cpuPer(bareBefore, cpu(), o.shipments);
  const bareCount = (await measure(p, bare.ids[0]!)).count;
  o.log(`bare: ${bare.count} workflows, ${bare.steadyRate.toFixed(2)}/s steady`);
  const { ids: _r, ...realOut } = real;
  const { ids: _b, ...bareOut } = bare;
  return { real: { ...realOut, completed, breaches, cpu: realCpu }, bare: { ...bareOut, cpu: bareCpu }, bareCount, ratio: real.steadyRate / bare.steadyRate, makespanRatio: real.makespanRate / bare.makespanRate };
}
