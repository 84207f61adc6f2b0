import { startReceiver } from '../../examples/webhook-receiver/receiver.js';
import { mixedShipment } from '../lib/mix.js';
import { apiBench } from './api-load.js';
import type { BarePlan } from './bare.workflow.js';
import { cpuNow } from './cpu.js';
import { create, measure } from './histories.js';
import type { BenchPlatform } from './platform.js';
import { throughput } from './throughput.js';

/**
 * Section 7: what webhooks cost and how fast they go. The gates of sections 1–3 measured with no
 * endpoint and then with one endpoint subscribed to every event (the example receiver on
 * loopback), side by side in the same run; delivery latency from the outbox row's commit to the
 * receiver; delivery throughput of a replayed backlog to one endpoint.
 */
export async function webhookBench(p: BenchPlatform, o: { shipments: number; lanes: number; plan: BarePlan; timeoutMs: number; api: { requests: number; rounds: number; concurrency: number }; log: (l: string) => void }) {
  const cpu = () => cpuNow({ temporal: p.server.process.pid, simulators: p.simulatorsPid });
  // shipments run to their end (a worker on the queue); the API bench comes last on each side, as in
  // sections 1–3: it starts its workflows on a queue no worker polls, and ends them after
  const gates = async (tag: string) => {
    const stop = await p.startWorker('shipment');
    let history: Awaited<ReturnType<typeof measure>>;
    try {
      const id = await create(p, mixedShipment(`WH${tag}${Date.now().toString(36).toUpperCase()}`, 0));
      await p.temporal.workflow.getHandle(id).result();
      history = await measure(p, id);
    } finally {
      await stop();
    }
    const e2e = await throughput(p, { shipments: o.shipments, lanes: o.lanes, plan: o.plan, timeoutMs: o.timeoutMs, log: o.log });
    return { actions: history.count.actions, historyBytes: history.serverBytes, e2e };
  };

  const offGates = await gates('OFF');
  o.log(`webhooks off: e2e ratio ${offGates.e2e.makespanRatio.toFixed(2)}`);

  const arrivedAt = new Map<string, number>();
  let secrets: string[] = [];
  const receiver = await startReceiver({ port: 0, secrets: () => secrets, onEvent: (e) => { if (!arrivedAt.has(e.id)) arrivedAt.set(e.id, Date.now()); } });
  try {
    const registered = new Date();
    const ep = await p.api.POST('/v1/webhook-endpoints', { body: { url: receiver.url, description: 'bench: every event', eventTypes: [] } });
    if (!ep.data) throw new Error(`registering the endpoint: ${ep.response.status}`);
    secrets = [ep.data.secret];
    const onGates = await gates('ON');
    o.log(`webhooks on: e2e ratio ${onGates.e2e.makespanRatio.toFixed(2)}`);

    // every event since the endpoint was registered at the receiver, then latency from the commit (outbox row) to arrival
    const events = async () => p.db.enterpriseEvent.findMany({ where: { enterpriseId: p.enterpriseId, createdAt: { gte: registered } }, select: { id: true, createdAt: true } });
    const deadline = Date.now() + 300_000;
    let rows = await events();
    while (rows.some((r) => !arrivedAt.has(r.id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      rows = await events();
    }
    const latencies = rows.filter((r) => arrivedAt.has(r.id)).map((r) => arrivedAt.get(r.id)! - r.createdAt.getTime()).sort((a, b) => a - b);
    const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    const missing = rows.length - latencies.length;
    // where the time goes: commit → fan-out (the delivery row) → delivered (recorded) → arrival
    const split = await p.db.$queryRaw<{ fanout: number; send: number }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d."createdAt" - e."createdAt")) * 1000 AS fanout,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d."deliveredAt" - d."createdAt")) * 1000 AS send
      FROM "WebhookDelivery" d JOIN "EnterpriseEvent" e ON e."seq" = d."eventSeq" WHERE d."endpointId" = ${ep.data.id}`;
    o.log(`latency split (p50): commit → fan-out ${Math.round(split[0]?.fanout ?? NaN)} ms, fan-out → delivered ${Math.round(split[0]?.send ?? NaN)} ms`);

    // a backlog: everything since registration replayed to a second endpoint at once
    const seen = new Set<string>();
    let lastAt = 0;
    let secrets2: string[] = [];
    const backlogReceiver = await startReceiver({ port: 0, secrets: () => secrets2, onEvent: (e) => {
      seen.add(e.id);
      lastAt = Date.now();
    } });
    try {
      // paused while the backlog is queued, so the clock starts with every delivery waiting
      const second = await p.api.POST('/v1/webhook-endpoints', { body: { url: backlogReceiver.url, description: 'bench: backlog', eventTypes: [] } });
      secrets2 = [second.data!.secret];
      const path = { params: { path: { id: second.data!.id } } };
      await p.api.POST('/v1/webhook-endpoints/{id}/pause', path);
      const queued = (await p.api.POST('/v1/webhook-endpoints/{id}/replay', { ...path, body: { since: registered.toISOString() } })).data!.queued;
      const started = Date.now();
      await p.api.POST('/v1/webhook-endpoints/{id}/resume', path);
      const until = Date.now() + 600_000;
      while (seen.size < queued && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const rate = seen.size / ((lastAt - started) / 1000);
      // the API ratio: with no endpoint at all (deleted: nothing fanned out), then one on every event again
      for (const id of [ep.data.id, second.data!.id]) await p.api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id } } });
      const apiOff = await apiBench({ ...p, cpu }, o.api);
      const third = await p.api.POST('/v1/webhook-endpoints', { body: { url: receiver.url, description: 'bench: every event (API)', eventTypes: [] } });
      secrets = [third.data!.secret];
      const apiOn = await apiBench({ ...p, cpu }, o.api);
      o.log(`api ratio: webhooks off ${apiOff.ratio.toFixed(2)}, on ${apiOn.ratio.toFixed(2)}`);
      const off = { ...offGates, api: apiOff };
      const on = { ...onGates, api: apiOn };
      return { off, on, latency: { p50: pct(0.5), p99: pct(0.99), max: latencies.at(-1) ?? NaN, count: latencies.length, missing }, backlog: { queued, delivered: seen.size, rate, duplicates: receiver.stats.duplicates + backlogReceiver.stats.duplicates } };
    } finally {
      backlogReceiver.server.close();
    }
  } finally {
    receiver.server.close();
  }
}
