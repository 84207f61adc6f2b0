import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBuyerId, reserveQuota, usedQuota } from '../../db/quota.js';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

type Order1210 = Extract<ShipmentCreate, { mode: '1210' }>;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Order1210;
const WAREHOUSE = example.warehouse.code;

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  // bonded stock for every test: 60 tins of formula, 30 serums
  const entry = await p.api.POST('/v1/stock-entries', {
    body: { warehouseCode: WAREHOUSE, entryNo: 'ENTRY-1', lines: [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 60 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 30 }] },
  });
  expect(entry.response.status).toBe(202);
  await eventually(async () => {
    const { data } = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data!.id } } });
    return data?.status === 'RECEIVED' ? data : undefined;
  }, 'bonded stock entry to be received');
});
afterAll(async () => p?.stop());

/** A buyer of its own per test (the annual quota is per buyer). */
function buyerId(n: number): string {
  const first17 = `51170219900307${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The example order for buyer `n`, with the amount paid that matches its goods, freight and tax. */
function order(orderNo: string, n: number, change: Partial<Order1210> = {}): Order1210 {
  const id = buyerId(n);
  const body: Order1210 = {
    ...example,
    orderNo,
    buyer: { ...example.buyer, idNumber: id },
    logistics: { ...example.logistics, waybillNo: `WB${orderNo}` },
    ...change,
    payment: { ...example.payment, transactionId: `PAY-${orderNo}`, payer: { ...example.payment.payer, idNumber: id }, ...change.payment },
  };
  const figures = importOrderFigures(body, '2026-11-26', 0);
  return change.payment?.amountPaid !== undefined ? body : { ...body, payment: { ...body.payment, amountPaid: Number(fenText(figures.acturalPaidFen)) } };
}

const idOf = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;
async function shipment(id: string) {
  return (await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data;
}
async function reaches(id: string, statuses: string[]) {
  return eventually(async () => {
    const s = await shipment(id);
    return s && statuses.includes(s.status) ? s : undefined;
  }, `${id} to reach ${statuses.join('/')}`, 90_000);
}
async function available(sku: string): Promise<number> {
  const { data } = await p.api.GET('/v1/stock', { params: { query: { system: 'bonded-warehouse', warehouseCode: WAREHOUSE } } });
  return Number(data?.items.find((i) => i.sku === sku)?.available ?? 0);
}
const quotaOf = (n: number) => usedQuota(p.db, hashBuyerId(buyerId(n), { key: p.config.BUYER_ID_HASH_KEY.reveal() }), 2026);

describe('1210 bonded import', () => {
  it('enters bulk stock into the bonded centre (ledger shows it available)', async () => {
    expect(await available('AU-MILK-900')).toBeGreaterThan(0);
    const entry = await p.db.stockEntry.findFirstOrThrow({ where: { entryNo: 'ENTRY-1' } });
    expect(entry.status).toBe('RECEIVED');
    expect(entry.inboundNo).toBeTruthy();
  });

  it('runs three orders → import inventory → release with the e-tax bill → exit → delivery → return period → COMPLETED', async () => {
    const milkBefore = await available('AU-MILK-900');
    const res = await p.api.POST('/v1/shipments', { body: order('BI-OK-1', 1) });
    expect(res.response.status).toBe(202);
    const id = res.data!.id;
    expect(await available('AU-MILK-900')).toBe(milkBefore - 2); // reserved at once
    const done = await reaches(id, ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED']);
    expect(done.status).toBe('COMPLETED');
    const types = done.timeline.map((e) => e.type);
    for (const t of ['DATA_PUSH', 'LOGIC_CHECK_PASSED', 'RELEASED', 'TAX_BILL', 'SHIPPED', 'DELIVERED', 'RETURN_PERIOD_ENDED']) expect(types).toContain(t);
    expect(types).not.toContain('TAX_MISMATCH'); // customs assessed what the buyer paid
    expect(done.timeline.find((e) => e.type === 'TAX_BILL')?.info).toMatch(/VAT \d+\.\d+/);
    expect(done.declaration.invtNo).toMatch(/^\d{4}\d{4}I\d+$/);
    expect(done.corridor).toBeNull();
    // stock left the ledger, quota counted and final
    const moves = await p.db.stockMovement.findMany({ where: { reference: id }, orderBy: { id: 'asc' } });
    expect(moves.map((m) => m.kind)).toEqual(['RESERVED', 'RESERVED', 'SHIPPED', 'SHIPPED']);
    expect(Number(await quotaOf(1))).toBe(1156); // dutiable: goods 1,146 + freight 10
    const reservation = await p.db.quotaReservation.findUniqueOrThrow({ where: { id } });
    expect(reservation.status).toBe('CONFIRMED');
    await captureHistory(p.temporal, id, '1210-happy-path');
  });

  it('records a tax mismatch when customs assesses another tax than the buyer paid, and goes on', async () => {
    // customs' tariff says 9 % VAT for the formula (the order computed 13 %)
    await control(p.simUrls.singleWindow, 'scenarios', { key: 'BI-TAX-1', scenario: 'goods-rates', params: { goodsRates: { '1901': { vatRateBp: 900 } } } });
    const id = (await p.api.POST('/v1/shipments', { body: order('BI-TAX-1', 10) })).data!.id;
    const done = await reaches(id, ['COMPLETED', 'FAILED']);
    expect(done.status).toBe('COMPLETED');
    expect(done.timeline.find((e) => e.type === 'TAX_MISMATCH')?.info).toMatch(/collected from the buyer 202\.36 CNY, assessed by customs \d+\.\d{2} CNY/);
  });

  it('takes a return within the period: CEB625, goods back in stock, the buyer quota restored', async () => {
    const res = await p.api.POST('/v1/shipments', { body: order('BI-RET-1', 2) });
    const id = res.data!.id;
    await reaches(id, ['DELIVERED']);
    const milk = await available('AU-MILK-900');
    expect(Number(await quotaOf(2))).toBe(1156);
    const ret = await p.api.POST('/v1/shipments/{id}/return', { params: { path: { id } }, body: { reason: '七天无理由退货' } });
    expect(ret.response.status).toBe(202);
    const done = await reaches(id, ['RETURNED', 'COMPLETED']);
    expect(done.status).toBe('RETURNED');
    expect(await available('AU-MILK-900')).toBe(milk + 2);
    expect(Number(await quotaOf(2))).toBe(0);
    const again = await p.api.POST('/v1/shipments/{id}/return', { params: { path: { id } }, body: { reason: 'again' } });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('SHIPMENT_CLOSED');
    await captureHistory(p.temporal, id, '1210-returned');
  });

  it('refuses orders above the limits with clear codes and writes nothing', async () => {
    // several items above CNY 5,000: not a CBEC retail import
    const big = order('BI-BIG-1', 3, { items: [{ ...example.items[0]!, qty: 25 }] });
    const r1 = await p.api.POST('/v1/shipments', { body: big });
    expect(r1.response.status).toBe(422);
    expect(r1.error).toMatchObject({ code: 'IMPORT_OVER_SINGLE_LIMIT' });
    // a buyer who already used CNY 25,000 this year
    await reserveQuota(p.db, { reservationId: 'seed-4', buyerIdHash: hashBuyerId(buyerId(4), { key: p.config.BUYER_ID_HASH_KEY.reveal() }), year: 2026, amountCny: '25000.00', annualLimitCny: '26000' });
    const r2 = await p.api.POST('/v1/shipments', { body: order('BI-ANNUAL-1', 4) });
    expect(r2.response.status).toBe(422);
    expect(r2.error).toMatchObject({ code: 'IMPORT_OVER_ANNUAL_LIMIT', fields: [{ path: 'body.buyer.idNumber' }] });
    expect(r2.error?.message).toContain('1000.00');
    expect(Number(await quotaOf(4))).toBe(25000);
    expect(await p.db.shipment.count({ where: { orderNo: { in: ['BI-BIG-1', 'BI-ANNUAL-1'] } } })).toBe(0);
    // the payment must match goods + freight + tax − discount
    const wrongPay = order('BI-PAY-1', 5);
    wrongPay.payment = { ...wrongPay.payment, amountPaid: 1000 };
    const r3 = await p.api.POST('/v1/shipments', { body: wrongPay });
    expect(r3.response.status).toBe(422);
    expect(r3.error).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH', fields: [{ path: 'body.payment.amountPaid' }] });
    // more than the bonded stock
    const r4 = await p.api.POST('/v1/shipments', { body: order('BI-STOCK-1', 6, { items: [{ ...example.items[1]!, qty: 40, unitPrice: 10 }] }) });
    expect(r4.response.status).toBe(422);
    expect(r4.error).toMatchObject({ code: 'INSUFFICIENT_BONDED_STOCK', fields: [{ path: 'body.items.0.qty' }] });
    expect(Number(await quotaOf(6))).toBe(0); // its quota claim was undone
    // the payer must be the buyer unless the buyer's identity was verified
    const r5 = await p.api.POST('/v1/shipments', { body: order('BI-PAYER-1', 7, { payment: { ...example.payment, payer: { name: '李四', idNumber: buyerId(99) } } }) });
    expect(r5.response.status).toBe(422);
    expect(r5.error).toMatchObject({ code: 'BUYER_NOT_PAYER' });
  });

  it('lets only one of two racing orders use the last of a buyer quota', async () => {
    await reserveQuota(p.db, { reservationId: 'seed-8', buyerIdHash: hashBuyerId(buyerId(8), { key: p.config.BUYER_ID_HASH_KEY.reveal() }), year: 2026, amountCny: '24000.00', annualLimitCny: '26000' });
    const [a, b] = await Promise.all([p.api.POST('/v1/shipments', { body: order('BI-RACE-A', 8) }), p.api.POST('/v1/shipments', { body: order('BI-RACE-B', 8) })]);
    expect([a.response.status, b.response.status].sort()).toEqual([202, 422]);
    expect(Number(await quotaOf(8))).toBe(25156);
  });

  it('holds a three-document mismatch found by customs (payer ≠ buyer) as REJECTED; cancelling gives quota and stock back', async () => {
    const serum = await available('FR-SERUM-30');
    const body = order('BI-MISMATCH-1', 9, { buyer: { ...example.buyer, idNumber: buyerId(9), identityVerified: true } });
    body.payment = { ...body.payment, payer: { name: '李四', idNumber: buyerId(98) } };
    const res = await p.api.POST('/v1/shipments', { body });
    expect(res.response.status).toBe(202);
    const id = res.data!.id;
    const rejected = await reaches(id, ['REJECTED']);
    expect(rejected.lastInfo).toContain('1327');
    expect(await available('FR-SERUM-30')).toBe(serum - 1);
    const cancel = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'payer is not the buyer' } });
    expect(cancel.response.status).toBe(202);
    const done = await reaches(id, ['CANCELLED']);
    expect(done.timeline.map((e) => e.type)).toContain('CLAIMS_RELEASED');
    expect(await available('FR-SERUM-30')).toBe(serum);
    expect(Number(await quotaOf(9))).toBe(0);
    await captureHistory(p.temporal, id, '1210-rejected-cancelled');
  });
});
