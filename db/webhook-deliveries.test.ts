import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { appendEvent } from './events.js';
import { claimDue, fanOut, recordAttempt } from './webhook-deliveries.js';

// A PostgreSQL database of its own: the queue's ordering and claims are SQL.
const scratch = useScratchPostgres('webhook_queue');

const event = (ent: string, n: number, key: string) => ({ id: `evt_q_${ent}_${n}`, enterpriseId: ent, type: 'stock.received', orderingKey: key, occurredAt: new Date(), data: { n } });
const outcome = (ok: boolean, at = new Date()) => ({ at, ok, latencyMs: 3, statusCode: ok ? 204 : 500, retryAt: at, giveUpAfterMs: 60_000, disableAfterMs: 120_000 });

async function drain(): Promise<void> {
  await expect.poll(() => fanOut(scratch.db, 100), { timeout: 10_000 }).toBe(0);
}

describe('the webhook delivery queue', () => {
  it('sends one event at a time per ordering key, in order, to each subscribed endpoint', async () => {
    const ent = 'ent-q1';
    await scratch.db.webhookEndpoint.createMany({ data: [
      { id: 'we_all', enterpriseId: ent, url: 'http://127.0.0.1:1/a', eventTypes: [], secret: 's' },
      { id: 'we_none', enterpriseId: ent, url: 'http://127.0.0.1:1/b', eventTypes: ['fx.settled'], secret: 's' },
    ] });
    for (const [n, key] of [[1, 'A'], [2, 'B'], [3, 'A']] as const) await appendEvent(scratch.db, event(ent, n, key));
    await expect.poll(async () => { await fanOut(scratch.db, 100); return scratch.db.webhookDelivery.count(); }, { timeout: 10_000 }).toBe(3);
    const first = await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000 });
    expect(first.map((d) => d.event.id).sort()).toEqual([`evt_q_${ent}_1`, `evt_q_${ent}_2`]);
    expect(await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000 })).toEqual([]);
    for (const d of first) await recordAttempt(scratch.db, d, outcome(true));
    const next = await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000 });
    expect(next.map((d) => d.event.id)).toEqual([`evt_q_${ent}_3`]);
  });

  it('retries a failure, gives it up after the period and disables an endpoint failing for long', async () => {
    const ent = 'ent-q2';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_fail', enterpriseId: ent, url: 'http://127.0.0.1:1/f', eventTypes: [], secret: 's' } });
    await appendEvent(scratch.db, event(ent, 1, 'K'));
    await drain();
    const t0 = Date.now();
    // the first test's last delivery is still waiting: only this endpoint's claims count here
    const claim = async (at: number) => (await claimDue(scratch.db, { now: new Date(at), limit: 10, leaseMs: 1 })).find((c) => c.endpointId === 'we_fail');
    const d = await claim(t0);
    expect(await recordAttempt(scratch.db, d!, outcome(false, new Date(t0)))).toBe('RETRY');
    const again = await claim(t0 + 61_000);
    expect(await recordAttempt(scratch.db, again!, outcome(false, new Date(t0 + 61_000)))).toBe('FAILED');
    await appendEvent(scratch.db, event(ent, 2, 'K'));
    await drain();
    const third = await claim(t0 + 130_000);
    expect(third!.event.id).toBe(`evt_q_${ent}_2`);
    await recordAttempt(scratch.db, third!, outcome(false, new Date(t0 + 130_000)));
    expect(await scratch.db.webhookEndpoint.findUniqueOrThrow({ where: { id: 'we_fail' } })).toMatchObject({ status: 'DISABLED' });
    expect(await scratch.db.enterpriseEvent.count({ where: { enterpriseId: ent, type: 'webhook_endpoint.disabled' } })).toBe(1);
    expect(await scratch.db.webhookAttempt.count({ where: { endpointId: 'we_fail' } })).toBe(3);
  });
});
