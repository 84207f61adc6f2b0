import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { mixedShipment } from '../lib/mix.js';
import type { BarePlan } from './bare.workflow.js';

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

/** A bounded closed-loop load: `concurrency` lanes on loopback send `total` requests, each waits for its answer. */
export async function load(total: number, concurrency: number, send: (i: number) => Promise<number>): Promise<LoadResult> {
  const times: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const status = await send(i).catch(() => 0);
        times.push(performance.now() - t);
        if (status < 200 || status >= 300) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const q = (f: number) => times[Math.min(times.length - 1, Math.ceil(f * times.length) - 1)] ?? 0;
  return { requests: total, errors, rps: total / elapsed, p50: q(0.5), p99: q(0.99) };
}

/** Section 3: create-shipment requests vs the bare start route, same server, same load. */
export async function apiBench(p: { apiUrl: string; apiKey: string }, o: { requests: number; concurrency: number }) {
  const headers = { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' };
  const prefix = `API${Date.now().toString(36).toUpperCase()}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${p.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  };
  // 9610 bodies over the five corridors (mixedShipment kinds 0..4)
  const body = (tag: string, i: number) => mixedShipment(`${prefix}${tag}`, (i % 5) + 8 * Math.floor(i / 5));
  // warm-up of both routes (JIT, connection pools)
  await load(50, o.concurrency, (i) => post('/v1/shipments', body('W', i)));
  await load(50, o.concurrency, (i) => post('/_bench/start', { orderNo: `${prefix}-W-${i}` }));
  const real = await load(o.requests, o.concurrency, (i) => post('/v1/shipments', body('R', i)));
  const bare = await load(o.requests, o.concurrency, (i) => post('/_bench/start', { orderNo: `${prefix}-B-${i}` }));
  return { real, bare, ratio: real.rps / bare.rps, p99Factor: real.p99 / bare.p99 };
}
