import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { mixedShipment } from '../lib/mix.js';
import type { BarePlan } from './bare.workflow.js';
import { cpuPer, type CpuSeconds } from './cpu.js';

const IDLE_PLAN: BarePlan = { activities: 0, localActivityTasks: 0, signals: 0, timers: 0, upserts: 0 };

/**
 * The bench-only control route: `POST /_bench/start` starts one bare workflow and answers 202,
 * nothing else (no auth, validation or database), on the same Fastify server as the real API.
 */
export function registerBareRoute(app: FastifyInstance, temporal: Client, taskQueue: string): void {
  app.post('/_bench/start', async (req, reply) => {
    const { orderNo } = req.body as { orderNo: string };
    const handle = await temporal.workflow.start('bareWorkflow', { taskQueue, workflowId: `bare-api:${orderNo}`, args: [IDLE_PLAN] });
    return reply.code(202).send({ id: handle.workflowId });
  });
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/** Latencies and errors of one route, gathered over one or more rounds. */
class Tally {
  readonly times: number[] = [];
  errors = 0;
  seconds = 0;
  cpu: CpuSeconds = { platform: 0, temporal: 0, simulators: 0 };

  addCpu(before: CpuSeconds, after: CpuSeconds): void {
    for (const k of Object.keys(this.cpu) as (keyof CpuSeconds)[]) this.cpu[k] += after[k] - before[k];
  }

  result(): LoadResult & { cpuMs: CpuSeconds } {
    const times = [...this.times].sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.ceil(f * times.length) - 1)] ?? 0;
    const zero = { platform: 0, temporal: 0, simulators: 0 };
    return { requests: times.length, errors: this.errors, rps: times.length / this.seconds, p50: q(0.5), p99: q(0.99), cpuMs: cpuPer(zero, this.cpu, times.length) };
  }
}

/** A bounded closed-loop load: `concurrency` lanes on loopback send `total` requests, each waits for its answer. */
async function load(tally: Tally, first: number, total: number, concurrency: number, send: (i: number) => Promise<number>): Promise<void> {
  let next = first;
  const end = first + total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const i = next++;
        const t = performance.now();
        const status = await send(i).catch(() => 0);
        tally.times.push(performance.now() - t);
        if (status < 200 || status >= 300) tally.errors++;
      }
    }),
  );
  tally.seconds += (performance.now() - started) / 1000;
}

/**
 * Section 3: create-shipment requests vs the bare start route, same server, same load. The
 * requests go in `rounds` alternating rounds (real, bare, bare, real, ...): the dev server slows
 * as its in-memory store fills with started workflows, so a route measured wholly second was
 * measured on a slower server (one earlier run: the bare route alone, measured second, varied
 * between 201 and 229 req/s). Throughput is each route's requests over its own time.
 */
export async function apiBench(p: { apiUrl: string; apiKey: string; temporal: Client; cpu: () => CpuSeconds }, o: { requests: number; concurrency: number; rounds: number }) {
  const headers = { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' };
  const prefix = `API${Date.now().toString(36).toUpperCase()}`;
  // the answers of both routes (each names its workflow), read after the last round so that the
  // workflows can be ended; kept as text here, off the timed path
  const answers: string[] = [];
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${p.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.ok) answers.push(text);
    return res.status;
  };
  // 9610 bodies over the five corridors (mixedShipment kinds 0..4)
  const body = (tag: string, i: number) => mixedShipment(`${prefix}${tag}`, (i % 5) + 8 * Math.floor(i / 5));
  const routes = {
    real: (i: number) => post('/v1/shipments', body('R', i)),
    bare: (i: number) => post('/_bench/start', { orderNo: `${prefix}-B-${i}` }),
  };
  // warm-up of both routes (JIT, connection pools)
  await load(new Tally(), 0, 50, o.concurrency, (i) => post('/v1/shipments', body('W', i)));
  await load(new Tally(), 0, 50, o.concurrency, (i) => post('/_bench/start', { orderNo: `${prefix}-W-${i}` }));
  const tallies = { real: new Tally(), bare: new Tally() };
  const perRound = Math.ceil(o.requests / o.rounds);
  for (let round = 0; round < o.rounds; round++) {
    const order: ('real' | 'bare')[] = round % 2 === 0 ? ['real', 'bare'] : ['bare', 'real'];
    const first = round * perRound;
    const count = Math.min(perRound, o.requests - first);
    for (const route of order) {
      const before = p.cpu();
      await load(tallies[route], first, count, o.concurrency, routes[route]);
      tallies[route].addCpu(before, p.cpu());
    }
  }
  const real = tallies.real.result();
  const bare = tallies.bare.result();
  await terminateAll(p.temporal, answers.map((a) => (JSON.parse(a) as { id: string }).id));
  return { real, bare, ratio: real.rps / bare.rps, p99Factor: real.p99 / bare.p99 };
}

/**
 * Ends the workflows the API bench started on a queue no worker polled: left open, the next
 * section's shipment worker would take them (a bare workflow fails there on every attempt, "no
 * such function is exported by the workflow bundle"; a shipment runs its whole lifecycle) and
 * spend that section's CPU on them.
 */
async function terminateAll(temporal: Client, ids: string[]): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      await temporal.workflow.getHandle(id).terminate('bench: the API section is over').catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // ended already
      });
    }
  }));
}
