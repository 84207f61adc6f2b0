import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { appendEvent } from './events.js';
import { claimDue, fanOut, recordAttempt, recordDelivered } from './webhook-deliveries.js';

// A PostgreSQL database of its own: the queue's ordering and claims are SQL.
const scratch = useScratchPostgres('webhook_queue');

const event = (ent: string, n: number, key: string) => ({ id: `evt_q_${ent}_${n}`, enterpriseId: ent, type: 'stock.received', orderingKey: key, occurredAt: new Date(), data: { n } });
const outcome = (ok: boolean, at = new Date()) => ({ at, ok, latencyMs: 3, statusCode: ok ? 204 : 500, retryAt: at, giveUpAfterMs: 60_000, disableAfterMs: 120_000, minFailedAttempts: 2 });

/** Fans out until the endpoint has `count` deliveries: a transaction open elsewhere on the server (any database) holds the outbox horizon back. */
async function drain(endpointId: string, count: number): Promise<void> {
  await expect.poll(async () => { await fanOut(scratch.db, 100); return scratch.db.webhookDelivery.count({ where: { endpointId } }); }, { timeout: 10_000 }).toBe(count);
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
    const first = await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000, perEndpoint: 4 });
    expect(first.map((d) => d.event.id).sort()).toEqual([`evt_q_${ent}_1`, `evt_q_${ent}_2`]);
    expect(await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000, perEndpoint: 4 })).toEqual([]);
    for (const d of first) await recordAttempt(scratch.db, d, outcome(true));
    const next = await claimDue(scratch.db, { now: new Date(), limit: 10, leaseMs: 60_000, perEndpoint: 4 });
    expect(next.map((d) => d.event.id)).toEqual([`evt_q_${ent}_3`]);
  });

  it('retries a failure, gives it up after the period and disables an endpoint failing for long', async () => {
    const ent = 'ent-q2';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_fail', enterpriseId: ent, url: 'http://127.0.0.1:1/f', eventTypes: [], secret: 's' } });
    await appendEvent(scratch.db, event(ent, 1, 'K'));
    await drain('we_fail', 1);
    const t0 = Date.now();
    // the first test's last delivery is still waiting: only this endpoint's claims count here
    const claim = async (at: number) => (await claimDue(scratch.db, { now: new Date(at), limit: 10, leaseMs: 1, perEndpoint: 4 })).find((c) => c.endpointId === 'we_fail');
    const d = await claim(t0);
    expect(await recordAttempt(scratch.db, d!, outcome(false, new Date(t0)))).toBe('RETRY');
    const again = await claim(t0 + 61_000);
    expect(await recordAttempt(scratch.db, again!, outcome(false, new Date(t0 + 61_000)))).toBe('FAILED');
    await appendEvent(scratch.db, event(ent, 2, 'K'));
    await drain('we_fail', 2);
    const third = await claim(t0 + 130_000);
    expect(third!.event.id).toBe(`evt_q_${ent}_2`);
    await recordAttempt(scratch.db, third!, outcome(false, new Date(t0 + 130_000)));
    expect(await scratch.db.webhookEndpoint.findUniqueOrThrow({ where: { id: 'we_fail' } })).toMatchObject({ status: 'DISABLED' });
    expect(await scratch.db.enterpriseEvent.count({ where: { enterpriseId: ent, type: 'webhook_endpoint.disabled' } })).toBe(1);
    expect(await scratch.db.webhookAttempt.count({ where: { endpointId: 'we_fail' } })).toBe(3);
  });

  it('a delivery that succeeded in between ends the failing: a later failure of a delivery claimed before it does not disable the endpoint', async () => {
    const ent = 'ent-q6';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_flaky', enterpriseId: ent, url: 'http://127.0.0.1:1/k', eventTypes: [], secret: 's' } });
    for (const [n, key] of [[1, 'A'], [2, 'B']] as const) await appendEvent(scratch.db, event(ent, n, key));
    await drain('we_flaky', 2);
    const t0 = Date.now();
    const claim = async (at: number, perEndpoint: number) => (await claimDue(scratch.db, { now: new Date(at), limit: 10, leaseMs: 60_000, perEndpoint })).filter((c) => c.endpointId === 'we_flaky');
    const [first] = await claim(t0, 1);
    await recordAttempt(scratch.db, first!, { ...outcome(false, new Date(t0)), retryAt: new Date(t0) }); // the endpoint begins failing
    await scratch.db.webhookDelivery.updateMany({ where: { endpointId: 'we_flaky' }, data: { leaseUntil: null } });
    const both = await claim(t0 + 1, 2); // both claimed while it is failing
    expect(both.map((d) => d.event.id).sort()).toEqual([`evt_q_${ent}_1`, `evt_q_${ent}_2`]);
    await recordAttempt(scratch.db, both.find((d) => d.event.id === `evt_q_${ent}_1`)!, outcome(true, new Date(t0 + 2))); // it answers again
    // the other one fails long after (an outage of its own): failing since then, not since t0, and still active
    const late = t0 + 200_000;
    expect(await recordAttempt(scratch.db, both.find((d) => d.event.id === `evt_q_${ent}_2`)!, outcome(false, new Date(late)))).toBe('RETRY');
    expect(await scratch.db.webhookEndpoint.findUniqueOrThrow({ where: { id: 'we_flaky' } })).toMatchObject({ status: 'ACTIVE', failingSince: new Date(late) });
    expect(await scratch.db.enterpriseEvent.count({ where: { enterpriseId: ent, type: 'webhook_endpoint.disabled' } })).toBe(0);
  });

  it('claims at most the per-endpoint cap, counting the requests already in flight', async () => {
    const ent = 'ent-q3';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_cap', enterpriseId: ent, url: 'http://127.0.0.1:1/c', eventTypes: [], secret: 's' } });
    for (let n = 1; n <= 6; n++) await appendEvent(scratch.db, event(ent, n, `S${n}`));
    await drain('we_cap', 6);
    const claim = async (perEndpoint: number) => (await claimDue(scratch.db, { now: new Date(), limit: 100, leaseMs: 60_000, perEndpoint })).filter((c) => c.endpointId === 'we_cap');
    const first = await claim(4);
    expect(first).toHaveLength(4);
    expect(await claim(4)).toEqual([]);
    await recordAttempt(scratch.db, first[0]!, outcome(true));
    expect(await claim(4)).toHaveLength(1);
    // a lower cap (set in another process) claims nothing while 4 are in flight
    expect(await claim(2)).toEqual([]);
  });

  it('does not give up or disable after the period until enough attempts failed (a sender outage is not the receiver failing)', async () => {
    const ent = 'ent-q4';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_slow_sender', enterpriseId: ent, url: 'http://127.0.0.1:1/s', eventTypes: [], secret: 's' } });
    await appendEvent(scratch.db, event(ent, 1, 'K'));
    await drain('we_slow_sender', 1);
    const t0 = Date.now();
    const claim = async (at: number) => (await claimDue(scratch.db, { now: new Date(at), limit: 10, leaseMs: 1, perEndpoint: 4 })).find((c) => c.endpointId === 'we_slow_sender');
    const strict = (at: number) => ({ ...outcome(false, new Date(at)), minFailedAttempts: 3 });
    expect(await recordAttempt(scratch.db, (await claim(t0))!, strict(t0))).toBe('RETRY');
    // long past both periods (the API was down), but only the second failure: tried again
    expect(await recordAttempt(scratch.db, (await claim(t0 + 600_000))!, strict(t0 + 600_000))).toBe('RETRY');
    expect(await scratch.db.webhookEndpoint.findUniqueOrThrow({ where: { id: 'we_slow_sender' } })).toMatchObject({ status: 'ACTIVE' });
    expect(await recordAttempt(scratch.db, (await claim(t0 + 600_100))!, strict(t0 + 600_100))).toBe('FAILED');
    expect(await scratch.db.webhookEndpoint.findUniqueOrThrow({ where: { id: 'we_slow_sender' } })).toMatchObject({ status: 'DISABLED' });
  });

  it('hands a delivered slot to the next due delivery in order, only while the lease is held and under the cap', async () => {
    const ent = 'ent-q5';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_hand', enterpriseId: ent, url: 'http://127.0.0.1:1/h', eventTypes: [], secret: 's' } });
    for (const [n, key] of [[1, 'A'], [2, 'A'], [3, 'B'], [4, 'A']] as const) await appendEvent(scratch.db, event(ent, n, key));
    await drain('we_hand', 4);
    const mine = async (perEndpoint: number) => (await claimDue(scratch.db, { now: new Date(), limit: 100, leaseMs: 60_000, perEndpoint })).filter((c) => c.endpointId === 'we_hand');
    const [a1] = await mine(1);
    expect(a1!.event.id).toBe(`evt_q_${ent}_1`);
    const handOff = (perEndpoint = 1) => ({ now: new Date(), leaseMs: 60_000, perEndpoint });
    // A's next event (2) became a head as 1 was delivered: claimed in the same statement, in order
    const a2 = await recordDelivered(scratch.db, a1!, outcome(true), handOff());
    expect(a2!.event.id).toBe(`evt_q_${ent}_2`);
    // then the oldest head: B's 3 before A's 4
    const b3 = await recordDelivered(scratch.db, a2!, outcome(true), handOff());
    expect(b3!.event.id).toBe(`evt_q_${ent}_3`);
    // one in flight at cap 1: nothing more claimable, the hand-off kept the count
    expect(await mine(1)).toEqual([]);
    // a lower cap elsewhere (0 without this one is not below 0): the slot is freed, not handed on
    expect(await recordDelivered(scratch.db, b3!, outcome(true), handOff(0))).toBeNull();
    const [a4] = await mine(1);
    expect(a4!.event.id).toBe(`evt_q_${ent}_4`);
    // a lease that is no longer this claim's (taken over after it expired) hands nothing on, but the delivery counts
    await appendEvent(scratch.db, event(ent, 5, 'C'));
    await drain('we_hand', 5);
    expect(await recordDelivered(scratch.db, { ...a4!, leaseUntil: new Date(a4!.leaseUntil.getTime() - 1) }, outcome(true), handOff())).toBeNull();
    expect(await scratch.db.webhookDelivery.count({ where: { endpointId: 'we_hand', status: 'DELIVERED' } })).toBe(4);
    // a paused endpoint hands nothing on
    const [c5] = await mine(1);
    await appendEvent(scratch.db, event(ent, 6, 'C'));
    await drain('we_hand', 6);
    await scratch.db.webhookEndpoint.update({ where: { id: 'we_hand' }, data: { status: 'PAUSED' } });
    expect(await recordDelivered(scratch.db, c5!, outcome(true), handOff())).toBeNull();
    expect(await scratch.db.webhookAttempt.count({ where: { endpointId: 'we_hand', ok: true } })).toBe(5);
  });
});
