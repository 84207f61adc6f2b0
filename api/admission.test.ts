import { describe, expect, it } from 'vitest';
import { Registry } from '../observability/metrics.js';
import { createAdmission, retryAfterSeconds, type AdmissionSample } from './admission.js';

const limits = { maxBacklog: 100, maxBacklogAgeMs: 60_000, maxRetryAfterS: 60, maxMoving: 400, movingWindowMs: 20_000 };
const sample = (count: number, dispatchRate = 0, ageMs = 1000, moving = 0): AdmissionSample => ({ count, ageMs, dispatchRate, moving });
/** Drain rates: the backlog's, the working set's (not shrinking unless given). */
const rate = (backlog: number, moving = 0) => ({ backlog, moving });

describe('retryAfterSeconds', () => {
  it('is the time the observed drain rate needs to take the backlog down to half the limit', () => {
    // 250 waiting, limit 100: 200 above 50, at 20 tasks/s → 10 s
    expect(retryAfterSeconds(sample(250), rate(20), limits)).toBe(10);
    // a faster drain answers a shorter wait; a fraction rounds up
    expect(retryAfterSeconds(sample(250), rate(80), limits)).toBe(3);
  });

  it('answers at least 1 s and at most the configured ceiling, the ceiling when nothing drains', () => {
    expect(retryAfterSeconds(sample(51), rate(1000), limits)).toBe(1);
    expect(retryAfterSeconds(sample(10, 0, 120_000), rate(5), limits)).toBe(1); // over by age only
    expect(retryAfterSeconds(sample(100_000), rate(2), limits)).toBe(60);
    expect(retryAfterSeconds(sample(150), rate(0), limits)).toBe(60);
    expect(retryAfterSeconds(sample(150), rate(Number.NaN), limits)).toBe(60);
  });

  it('for too many moving shipments, is the time the working set, shrinking as fast as lately, needs to fall to half its limit', () => {
    // 500 moving, limit 400: 300 above 200, falling 20 a second → 15 s
    expect(retryAfterSeconds(sample(0, 0, 0, 500), rate(0, 20), limits)).toBe(15);
    // not shrinking (yet): one window, by when every shipment that stopped moving has left it
    expect(retryAfterSeconds(sample(0, 0, 0, 500), rate(0, 0), limits)).toBe(20);
    // both over: the longer wait
    expect(retryAfterSeconds(sample(250, 0, 0, 500), rate(5, 20), limits)).toBe(40);
    expect(retryAfterSeconds(sample(0, 0, 0, 100_000), rate(0, 1), limits)).toBe(60);
  });
});

function gate(readings: (AdmissionSample | Error)[]) {
  let clock = 0;
  let reads = 0;
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, msg, fields });
  const log = { warn: at('warn'), info: at('info') } as unknown as Parameters<typeof createAdmission>[0]['log'];
  const metrics = new Registry();
  const admission = createAdmission({
    sample: async () => {
      const r = readings[Math.min(reads++, readings.length - 1)]!;
      if (r instanceof Error) throw r;
      return r;
    },
    limits,
    sampleEveryMs: 2000,
    log,
    metrics,
    now: () => clock,
  });
  return { admission, lines, metrics, reads: () => reads, tick: (ms: number) => (clock += ms) };
}

describe('admission control', () => {
  it('reads the backlog at most once per interval, however many requests come', async () => {
    const g = gate([sample(10)]);
    for (let i = 0; i < 50; i++) expect(await g.admission.check()).toEqual({ admit: true });
    expect(g.reads()).toBe(1);
    g.tick(2000);
    await g.admission.check();
    expect(g.reads()).toBe(2);
  });

  it('refuses while the backlog is over the limit, with the server drain rate or the observed one, and logs when it engages and releases', async () => {
    const g = gate([sample(300, 25), sample(250, 0), sample(20, 0)]);
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 10 }); // (300 − 50) / 25
    expect(await g.admission.check()).toMatchObject({ admit: false });
    g.tick(2000);
    await g.admission.check(); // starts the next reading; this request answers from the last one
    await new Promise((r) => setImmediate(r));
    // no server rate: 50 tasks drained in 2 s → 25/s, (250 − 50) / 25 = 8 s
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 8 });
    g.tick(2000);
    await g.admission.check();
    await new Promise((r) => setImmediate(r));
    expect(await g.admission.check()).toEqual({ admit: true });
    expect(g.lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'Admission control engaged: creates answer 429 OVERLOADED'],
      ['info', 'Admission control released: creates admitted again'],
    ]);
    expect(g.lines[1]!.fields).toMatchObject({ refused: 5, backlog: 20 });
    const text = await g.metrics.metrics();
    expect(text).toContain('cbec_api_admission_refused_total 5');
    expect(text).toContain('cbec_task_queue_backlog{figure="tasks"} 20');
  });

  it('refuses while too many shipments are moving, though nothing waits on the task queue, until the working set is under the limit', async () => {
    const g = gate([sample(0, 0, 0, 450), sample(0, 0, 0, 410), sample(0, 0, 0, 390)]);
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 20, sample: { moving: 450 } });
    g.tick(2000);
    await g.admission.check();
    await new Promise((r) => setImmediate(r));
    // 40 stopped moving in 2 s → 20/s; (410 − 200) / 20 = 10.5 → 11 s
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 11 });
    g.tick(2000);
    await g.admission.check();
    await new Promise((r) => setImmediate(r));
    expect(await g.admission.check()).toEqual({ admit: true });
    expect(g.lines[0]!.fields).toMatchObject({ moving: 450 });
    const text = await g.metrics.metrics();
    expect(text).toContain('cbec_shipments_moving{figure="shipments"} 390');
    expect(text).toContain('cbec_shipments_moving{figure="limit"} 400');
  });

  it('refuses when the oldest waiting task is too old, even with a short backlog', async () => {
    const g = gate([sample(3, 0, 90_000)]);
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 60 });
  });

  it('admits when the backlog cannot be read, warns once and tries again only after the interval', async () => {
    const g = gate([new Error('unavailable'), new Error('unavailable'), sample(500, 50)]);
    expect(await g.admission.check()).toEqual({ admit: true });
    expect(await g.admission.check()).toEqual({ admit: true });
    expect(g.reads()).toBe(1);
    for (const _ of [1, 2]) {
      g.tick(2000);
      await g.admission.check();
      await new Promise((r) => setImmediate(r));
    }
    expect(g.reads()).toBe(3);
    expect(await g.admission.check()).toMatchObject({ admit: false, retryAfterS: 9 });
    expect(g.lines.filter((l) => l.msg.startsWith('Admission control could not')).length).toBe(1);
  });
});
