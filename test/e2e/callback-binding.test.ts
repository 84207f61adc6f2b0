import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../adapters/kit/callbacks.js';
import { DAY } from '../../domain/time.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { getState } from '../../workflows/contract.js';
import { shipment9610 } from '../support/fixtures.js';
import { control } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { inboxMessages } from '../support/inbox.js';

/**
 * Callbacks bound to their shipment (issue 14, finding 3), on the whole platform with its
 * simulators: a callback counts only from the system the shipment uses, with the number that
 * system gave it; an early milestone waits for its turn; stock counted in beyond what was
 * announced is a discrepancy for ops, not stock. The rightful system's callbacks still work.
 */
let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

let sent = 0;
/** POSTs a callback signed with `system`'s own secret (an authentic callback of that system). */
async function callback(system: string, secret: string, body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const ts = String(Date.now() + ++sent);
  const res = await fetch(`${p.apiUrl}/v1/callbacks/${system}`, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(secret, ts, raw) },
  });
  return { status: res.status, body: (await res.json()) as { code?: string; fields?: { path: string }[] } };
}

async function shipment(id: string) {
  return (await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data!;
}
const waitFor = (id: string, what: string, done: (s: Awaited<ReturnType<typeof shipment>>) => boolean) =>
  eventually(async () => {
    const s = await shipment(id);
    return done(s) ? s : undefined;
  }, `${id}: ${what}`);
/** The workflow's own state: a query is answered after the signals it received before. */
const workflowState = (id: string) => p.temporal.workflow.getHandle(id).query(getState);
const milestone = (id: string, bookingNo: string, event: string, location: string) => ({ eventId: `EV-${event}-${++sent}`, reference: id, bookingNo, event, location, at: new Date().toISOString() });

describe('carrier milestones', () => {
  it('refuses a postal milestone and a wrong booking number for a rail shipment; an early one waits for its turn', async () => {
    const orderNo = 'BIND-RAIL-1';
    const id = `shipment:${p.enterpriseId}:${orderNo}`;
    await control(p.simUrls.rail, 'scenarios', { key: id, scenario: 'delay-departure', params: { businessDelayMs: 60 * DAY } });
    expect((await p.api.POST('/v1/shipments', { body: shipment9610(orderNo) })).response.status).toBe(202);
    const held = await waitFor(id, 'loading, waiting for the train to leave', (s) => s.status === 'DEPARTING');
    const bookingNo = held.transport.bookingNo!;
    expect(bookingNo).toBeTruthy();

    const forged = milestone(id, bookingNo, 'DEPARTED', 'Forged Yard');
    const postal = await callback('postal', p.config.POSTAL_CALLBACK_SECRET.reveal(), forged);
    expect(postal).toMatchObject({ status: 403, body: { code: 'CALLBACK_WRONG_SYSTEM', fields: [{ path: 'reference' }] } });
    // the sender's retry (the same body, signed anew) gets the same answer, not a duplicate's 200
    expect((await callback('postal', p.config.POSTAL_CALLBACK_SECRET.reveal(), forged)).status).toBe(403);
    const wrongBooking = await callback('rail', p.config.RAIL_CALLBACK_SECRET.reveal(), milestone(id, 'CRCD999999', 'DEPARTED', 'Forged Yard'));
    expect(wrongBooking).toMatchObject({ status: 409, body: { code: 'CALLBACK_NUMBER_MISMATCH', fields: [{ path: 'body.bookingNo' }] } });
    // an authentic ARRIVED before the train left: stored, and nothing skips ahead
    const early = await callback('rail', p.config.RAIL_CALLBACK_SECRET.reveal(), milestone(id, bookingNo, 'ARRIVED', 'Early Terminal'));
    expect(early.status).toBe(200);
    expect((await workflowState(id)).status).toBe('DEPARTING');
    expect((await shipment(id)).timeline.map((e) => e.type)).not.toContain('DEPARTED');
    const refused = await inboxMessages(p, { where: { system: { in: ['postal', 'rail'] }, outcome: 'REFUSED' }, bodyContains: id });
    expect(refused).toHaveLength(2);

    // the rightful carrier's own departure still works; the early arrival is applied after it, in order
    const done = await waitFor(id, 'COMPLETED', (s) => s.status === 'COMPLETED' || s.status === 'FAILED');
    expect(done.status).toBe('COMPLETED');
    const order = done.timeline.map((e) => e.type).filter((t) => ['DEPARTED', 'BORDER_CROSSED', 'ARRIVED'].includes(t));
    expect(order).toEqual(['DEPARTED', 'BORDER_CROSSED', 'ARRIVED']);
    expect(done.timeline.find((e) => e.type === 'ARRIVED')!.info).toContain('Early Terminal');
    expect(done.timeline.map((e) => e.info).join('\n')).not.toContain('Forged Yard');
  });
});

describe('funds', () => {
  it('refuses FUNDS_RECEIVED from another FX provider first; the shipment’s own bank decides the amount', async () => {
    const orderNo = 'BIND-FX-1';
    const id = `shipment:${p.enterpriseId}:${orderNo}`;
    await control(p.simUrls.bank, 'scenarios', { key: id, scenario: 'late-funds', params: { businessDelayMs: 20 * DAY } });
    expect((await p.api.POST('/v1/shipments', { body: shipment9610(orderNo, { fxProvider: 'bank' }) })).response.status).toBe(202);
    await waitFor(id, 'waiting for the funds', (s) => s.stage === 'fx');
    const { collectionId } = await eventually(async () => ((await workflowState(id)).collectionId ? workflowState(id) : undefined), 'collection opened');
    const forged = await callback('bank-b', p.config.BANK_B_CALLBACK_SECRET.reveal(), {
      eventId: 'EV-FORGED-1', type: 'FUNDS_RECEIVED', reference: id, collectionId, amount: '1.00', currency: 'EUR', valueDate: '2026-12-01', bankRef: 'FORGED',
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'CALLBACK_WRONG_SYSTEM' } });
    const done = await waitFor(id, 'COMPLETED', (s) => s.status === 'COMPLETED' || s.status === 'FAILED');
    expect(done.status).toBe('COMPLETED');
    const proceeds = 2 * 18.9 + 25 + 12.5;
    expect(Number(done.amounts.cnyAmount)).toBeCloseTo(proceeds * Number(done.amounts.fxRate), 1);
    expect(done.timeline.map((e) => e.type)).not.toContain('FX_MISMATCH');
  });
});

describe('warehouse', () => {
  const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as { warehouse: { code: string } };

  it('records an over-count as a discrepancy and credits only what was announced', async () => {
    const entryNo = 'BIND-OVER-1';
    const id = `stock-entry:${p.enterpriseId}:${entryNo}`;
    await control(p.simUrls['bonded-warehouse']!, 'scenarios', { key: id, scenario: 'over-count', params: { extra: 5 } });
    const sku = 'BIND-SKU-OVER';
    const created = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: example.warehouse.code, entryNo, lines: [{ sku, name: '核对样品', qty: 10 }] } });
    expect(created.response.status).toBe(202);
    const entry = await eventually(async () => {
      const { data } = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id } } });
      return data && data.status !== 'ANNOUNCED' && data.status !== 'ANNOUNCING' ? data : undefined;
    }, 'stock entry counted in');
    expect(entry.status).toBe('RECEIVED_WITH_DISCREPANCY');
    expect(entry.discrepancies).toEqual([{ sku, announced: 10, received: 15 }]);
    const stock = (await p.api.GET('/v1/stock', { params: { query: { warehouseCode: example.warehouse.code } } })).data!;
    expect(stock.items.find((i) => i.sku === sku)?.onHand).toBe('10');
  });

  it('refuses a warehouse event for a stock entry from another warehouse system', async () => {
    const entry = await p.db.stockEntry.findFirstOrThrow({ where: { system: 'bonded-warehouse' } });
    const forged = await callback('overseas-warehouse', p.config.OVERSEAS_WAREHOUSE_CALLBACK_SECRET.reveal(), {
      eventId: 'EV-WH-FORGED', type: 'INBOUND_RECEIVED', reference: entry.id, warehouseCode: 'X-FORGED', inboundNo: entry.inboundNo ?? 'IN-000000', at: new Date().toISOString(), lines: [{ sku: 'BIND-SKU-OVER', qtyReceived: 1000, qtyDamaged: 0 }],
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'CALLBACK_WRONG_SYSTEM' } });
  });
});
