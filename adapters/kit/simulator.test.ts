import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from './simulator.js';
import { eventually, useSimulator } from './testing.js';

/** A minimal system on the kit: one effect route keyed by Idempotency-Key, one route that calls back. */
function echoSystem(callback: Parameters<typeof createSimulator>[0]['callback']): Simulator {
  const sim = createSimulator({ system: 'echo', timeScale: 1, ...(callback ? { callback } : {}) });
  sim.app.post('/effects', async (req) => {
    const key = String(req.headers['idempotency-key']);
    return sim.ledger.once(key, 'effect', req.body, () => ({ done: key })).result;
  });
  sim.app.post('/notify', async (req) => {
    const { n } = req.body as { n: number };
    sim.later(0, async () => {
      await sim.sendCallback(JSON.stringify({ n }), 'application/json');
    });
    return { queued: n };
  });
  // a step a business hour later (a real hour at time scale 1)
  sim.app.post('/notify-later', async (req) => {
    const { n } = req.body as { n: number };
    sim.later(3_600_000, async () => {
      await sim.sendCallback(JSON.stringify({ n }), 'application/json');
    });
    return { queued: n };
  });
  return sim;
}

const post = (base: string, path: string, body: unknown, key = 'k') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

describe('simulator faults for chaos runs', () => {
  const sys = useSimulator((cb) => echoSystem(cb), { secret: 's3cret', path: '/cb' });

  it('a slow answer still performs the effect once: the caller times out, its retry gets the stored result', async () => {
    await sys.control('/_control/faults', { slowRate: 1, slowMs: 400 });
    await expect(fetch(`${sys.baseUrl}/effects`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'slow-2' }, body: '{"a":2}', signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await sys.control('/_control/faults', { slowRate: 0 });
    const retry = await post(sys.baseUrl, '/effects', { a: 2 }, 'slow-2');
    expect(await retry.json()).toEqual({ done: 'slow-2' });
    const [entry] = await sys.ledger('slow-2');
    expect(entry).toMatchObject({ operation: 'effect', requests: 2 });
  });

  it('duplicates callbacks when asked to, each signed and identical', async () => {
    await sys.control('/_control/faults', { duplicateCallbackRate: 1 });
    await post(sys.baseUrl, '/notify', { n: 7 });
    const copies = await eventually(() => {
      const got = sys.received.filter((r) => (r.body as { n: number }).n === 7);
      return got.length >= 2 ? got : undefined;
    });
    expect(copies.every((c) => c.verified)).toBe(true);
    expect(copies[0]!.raw).toBe(copies[1]!.raw);
    await sys.control('/_control/faults', { duplicateCallbackRate: 0 });
  });

  it('loses callbacks when asked to: none reaches the receiver, the log says so', async () => {
    await sys.control('/_control/faults', { callbackLossRate: 1 });
    await post(sys.baseUrl, '/notify', { n: 8 });
    const logged = await eventually(async () => {
      const { callbacks } = (await (await fetch(`${sys.baseUrl}/_callbacks`)).json()) as { callbacks: { delivered: boolean; attempts: number; body: string }[] };
      return callbacks.find((c) => (JSON.parse(c.body) as { n: number }).n === 8);
    });
    await sys.control('/_control/faults', { callbackLossRate: 0 });
    expect(logged).toMatchObject({ delivered: false, attempts: 0 });
    expect(sys.received.some((r) => (r.body as { n: number }).n === 8)).toBe(false);
    // with the fault off again, callbacks arrive
    await post(sys.baseUrl, '/notify', { n: 9 });
    await eventually(() => sys.received.find((r) => (r.body as { n: number }).n === 9));
  });

  it('jitter reorders callbacks scheduled at the same moment', async () => {
    await sys.control('/_control/faults', { jitterMs: 200 });
    const ns = Array.from({ length: 20 }, (_, i) => 100 + i);
    for (const n of ns) await post(sys.baseUrl, '/notify', { n });
    const order = await eventually(() => {
      const got = sys.received.map((r) => (r.body as { n: number }).n).filter((n) => n >= 100);
      return got.length === ns.length ? got : undefined;
    });
    expect(order).not.toEqual(ns); // 20 callbacks in 200 ms of jitter: in order is ~1/20! likely
    expect([...order].sort((a, b) => a - b)).toEqual(ns);
    await sys.control('/_control/faults', { jitterMs: 0 });
  });

  it('runs scheduled steps at once with delay factor 0 (zero-latency benchmarks)', async () => {
    await sys.control('/_control/faults', { delayFactor: 0 });
    await post(sys.baseUrl, '/notify-later', { n: 300 });
    const got = await eventually(() => sys.received.find((r) => (r.body as { n: number }).n === 300));
    expect(got.verified).toBe(true);
    await sys.control('/_control/faults', { delayFactor: 1 });
  });

  it('ignores unknown or non-numeric fault settings and resets to quiet', async () => {
    const res = await fetch(`${sys.baseUrl}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slowRate: 'lots', bogus: 1 }) });
    expect(await res.json()).toMatchObject({ slowRate: 0 });
    await sys.control('/_control/reset', {});
    const faults = (await (await fetch(`${sys.baseUrl}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as Record<string, number>;
    expect(faults).toEqual({ latencyMs: 0, failureRate: 0, outageUntil: 0, slowRate: 0, slowMs: 0, duplicateCallbackRate: 0, callbackLossRate: 0, jitterMs: 0, delayFactor: 1 });
  });
});
