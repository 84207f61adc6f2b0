import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control, effectsFor } from '../support/ledger.js';
import { DAY } from '../../domain/time.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000, env: { OVERSEAS_SALES_WINDOW_DAYS: '90' } });
});
afterAll(async () => p?.stop());

const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9810.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9810' }>;

async function finished(id: string) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(data.status) ? data : undefined;
  }, `${id} to finish`, 120_000);
}

async function scenario(key: string, name: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${p.simUrls['overseas-warehouse']}/_control/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, scenario: name, params }) });
  expect(res.ok).toBe(true);
}

describe('9810 export to an overseas warehouse', () => {
  it('books the warehouse, claims the refund on departure, receives the stock and settles FX batch by batch until sold out', async () => {
    const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'OW-OK-1', logistics: { ...example.logistics, waybillNo: 'WBOWOK1' } } });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const done = await finished(id);
    expect(done.status).toBe('COMPLETED');
    const types = done.timeline.map((e) => e.type);
    // booking note first, refund on departure (exports from 2025-01-27), then the warehouse
    expect(types.indexOf('WAREHOUSE_BOOKED')).toBeLessThan(types.indexOf('DATA_PUSH'));
    expect(types.indexOf('PRE_REFUND_APPLIED')).toBeGreaterThan(types.indexOf('RELEASED'));
    expect(types.indexOf('WAREHOUSE_RECEIVED')).toBeGreaterThan(types.indexOf('ARRIVED'));
    const batches = done.timeline.filter((e) => e.type === 'SALES_REPORTED');
    expect(batches.length).toBeGreaterThan(1);
    expect(done.timeline.filter((e) => e.type === 'FX_SETTLED')).toHaveLength(batches.length);
    expect(types).not.toContain('UNSOLD_STOCK');
    expect(done.timeline.find((e) => e.type === 'PRE_REFUND_TO_SETTLE')?.info).toContain('160 unit(s) sold, 0 unsold');
    // the stock ledger: received, then sold down to zero
    const stock = await p.api.GET('/v1/stock', { params: { query: { system: 'overseas-warehouse', warehouseCode: 'DE-DUI-01' } } });
    expect(stock.data?.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ sku: 'DZ-TEA-001', onHand: '0', available: '0' }),
      expect.objectContaining({ sku: 'DZ-BAMBOO-7', onHand: '0', available: '0' }),
    ]));
    const moves = await p.db.stockMovement.findMany({ where: { reference: id }, orderBy: { id: 'asc' } });
    expect(moves[0]?.kind).toBe('RECEIVED');
    expect(moves.filter((m) => m.kind === 'SOLD').reduce((n, m) => n + Number(m.qty), 0)).toBe(160);
    // the HWC-YT application went to the tax bureau once; one collection per sales batch at the bank
    expect((await effectsFor(p.simUrls.tax, id)).map((e) => e.key.split(':').at(-2))).toEqual(['vat-pre-refund']);
    const collections = (await effectsFor(p.simUrls.bank, id)).filter((e) => e.key.includes('fx-collection'));
    expect(collections).toHaveLength(batches.length);
    await captureHistory(p.temporal, id, '9810-happy-path');
  });

  it('closes the sales window with unsold stock when the warehouse reports only part of the sales', async () => {
    const orderNo = 'OW-PARTIAL-1';
    const id = `shipment:${p.enterpriseId}:${orderNo}`;
    await scenario(id, 'partial-sales', { batches: 1, share: 0.5 });
    const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo, logistics: { ...example.logistics, waybillNo: 'WBOWPART1' } } });
    expect(created.response.status).toBe(202);
    const done = await finished(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.timeline.filter((e) => e.type === 'SALES_REPORTED')).toHaveLength(1);
    expect(done.timeline.find((e) => e.type === 'UNSOLD_STOCK')?.info).toMatch(/unsold stock: .*DZ-TEA-001 ×\d+/);
    const stock = await p.db.stockBalance.findMany({ where: { enterpriseId: p.enterpriseId, system: 'overseas-warehouse', sku: 'DZ-TEA-001' } });
    expect(Number(stock[0]?.onHand)).toBeGreaterThan(0);
  });

  it('cancelled at customs review (list route, refundClaim false): withdraws the inventory, releases the train booking and cancels the warehouse inbound', async () => {
    const orderNo = 'OW-CANCEL-1';
    // release held for ten business years (365 s here): the cancel reaches customs review before it, however loaded the machine
    await control(p.simUrls.singleWindow, 'scenarios', { key: orderNo, scenario: 'delay-release', params: { businessDelayMs: 3650 * DAY } });
    // the goods never leave, so they never reach the warehouse (which otherwise receives at the expected arrival)
    await scenario(`shipment:${p.enterpriseId}:${orderNo}`, 'not-arrived');
    const id = (await p.api.POST('/v1/shipments', { body: { ...example, orderNo, refundClaim: false, logistics: { ...example.logistics, waybillNo: 'WBOWCAN1' } } })).data!.id;
    await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'CUSTOMS_REVIEW' ? data : undefined;
    }, 'customs review', 180_000);
    const res = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'warehouse space no longer needed' } });
    expect(res.response.status).toBe(202);
    const done = await finished(id);
    expect(done.status).toBe('CANCELLED');
    const types = done.timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['INVENTORY_CANCELLED', 'BOOKING_RELEASED', 'WAREHOUSE_BOOKING_CANCELLED']));
    expect((await effectsFor(p.simUrls['overseas-warehouse']!, id)).map((e) => e.operation)).toEqual(['announceInbound', 'cancelInbound']);
    await captureHistory(p.temporal, id, '9810-cancelled');
  }, 300_000);

  it('cancelled after the warehouse already booked the goods in: the refusal is on the timeline for ops and the cancellation completes', async () => {
    const orderNo = 'OW-CANCEL-LATE';
    const id = `shipment:${p.enterpriseId}:${orderNo}`;
    await control(p.simUrls.singleWindow, 'scenarios', { key: orderNo, scenario: 'delay-release', params: { businessDelayMs: 3650 * DAY } });
    expect((await p.api.POST('/v1/shipments', { body: { ...example, orderNo, refundClaim: false, logistics: { ...example.logistics, waybillNo: 'WBOWCAN2' } } })).response.status).toBe(202);
    // the warehouse receives at the expected arrival whatever happened to the goods (its data, not ours)
    await eventually(async () => {
      const res = await fetch(`${p.simUrls['overseas-warehouse']}/_stock?reference=${encodeURIComponent(id)}`);
      const body = (await res.json()) as { movements: { kind: string }[] };
      return body.movements.some((m) => m.kind === 'RECEIVED') ? true : undefined;
    }, 'the warehouse receipt', 180_000);
    const { data: before } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    // still held at customs (its review may be past its service level by now): not released, so it can be cancelled
    expect(before?.timeline.map((e) => e.type)).toContain('CUSTOMS_REVIEW');
    expect(before?.timeline.map((e) => e.type)).not.toContain('RELEASED');
    expect((await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'order withdrawn by the buyer' } })).response.status).toBe(202);
    const done = await finished(id);
    expect(done.status).toBe('CANCELLED');
    const types = done.timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['INVENTORY_CANCELLED', 'BOOKING_RELEASED', 'COMPENSATION_REFUSED']));
    expect(types).not.toContain('WAREHOUSE_BOOKING_CANCELLED');
    expect(done.timeline.find((e) => e.type === 'COMPENSATION_REFUSED')?.info).toMatch(/cancellation of warehouse inbound \S+ refused \(WAREHOUSE\.ALREADY_RECEIVED: .*\); ops reconcile it/);
  }, 300_000);

  it('refuses fractional units for warehouse stock and list-route consignments above CNY 5,000, writing nothing', async () => {
    const frac = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'OW-FRAC', items: [{ ...example.items[0]!, qty: 1.5 }] } });
    expect(frac.response.status).toBe(400);
    expect(frac.error?.fields.map((f) => f.path)).toContain('body.items.0.qty');
    const big = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'OW-BIG', declaredValueCny: 9000, refundClaim: false } });
    expect(big.response.status).toBe(422);
    expect(big.error).toMatchObject({ code: 'H2018_DECLARATION_REQUIRED' });
    expect(await p.db.shipment.count({ where: { orderNo: { in: ['OW-FRAC', 'OW-BIG'] } } })).toBe(0);
  });
});
