import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { control, effectsFor } from '../support/ledger.js';

// Cancellation at other stages than customs review (shipment-paths covers that one): what can
// be undone is undone, and where it no longer can, the API says why.
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

async function waitFor(id: string, what: string, done: (s: { status: string; stage: string }) => boolean) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data && done(data) ? data : undefined;
  }, `${id}: ${what}`);
}

describe('cancellation', () => {
  it('during the data push: releases the booking, withdraws nothing (no inventory was filed)', async () => {
    const body = shipment9610('CANCEL-EARLY');
    // the Single Window stays silent, so the shipment waits for its order and waybill receipts
    for (const key of [body.orderNo, body.logistics.waybillNo]) await control(p.simUrls.singleWindow, 'scenarios', { key, scenario: 'silent' });
    const id = (await p.api.POST('/v1/shipments', { body })).data!.id;
    await waitFor(id, 'in the data push', (s) => s.stage === 'data-push');
    // cancelled whether or not the booking answer has reached the workflow yet: it is released either way
    const res = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'order withdrawn by the buyer' } });
    expect(res.response.status).toBe(202);
    const done = await waitFor(id, 'CANCELLED', (s) => s.status === 'CANCELLED');
    const types = done.timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CANCELLING', 'BOOKING_RELEASED', 'CANCELLED']));
    expect(types).not.toContain('INVENTORY_CANCELLED');
    expect((await effectsFor(p.simUrls.singleWindow, id)).map((e) => e.operation)).not.toContain('CEB605Message');
    expect((await effectsFor(p.simUrls.rail, id)).map((e) => e.key.split(':').at(-2))).toEqual(['transport-booking', 'transport-cancel']);
  });

  it('after departure: refused with 409 ALREADY_DEPARTED, and the shipment carries on', async () => {
    const body = shipment9610('CANCEL-LATE');
    // funds held for 60 business days (6 s here): the cancel lands while the shipment waits for them, however loaded the machine
    await control(p.simUrls.bank, 'scenarios', { key: `shipment:${p.enterpriseId}:CANCEL-LATE`, scenario: 'late-funds', params: { businessDelayMs: 60 * DAY } });
    const id = (await p.api.POST('/v1/shipments', { body })).data!.id;
    await waitFor(id, 'waiting for the funds', (s) => s.stage === 'fx');
    const res = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'too late' } });
    expect(res.response.status).toBe(409);
    expect(res.error).toMatchObject({ code: 'ALREADY_DEPARTED' });
    const done = await waitFor(id, 'COMPLETED', (s) => s.status === 'COMPLETED');
    expect(done.timeline.map((e) => e.type)).not.toContain('CANCELLING');
  });

  it('after completion: refused with 409 SHIPMENT_CLOSED', async () => {
    const id = `shipment:${p.enterpriseId}:CANCEL-LATE`;
    const res = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'far too late' } });
    expect(res.response.status).toBe(409);
    expect(res.error).toMatchObject({ code: 'SHIPMENT_CLOSED' });
  });
});
