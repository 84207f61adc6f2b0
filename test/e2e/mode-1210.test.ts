import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBuyerId, reserveQuota } from '../../db/quota.js';
import { captureHistory } from '../support/histories.js';
import { control } from '../support/ledger.js';
import { buyerId, enterBondedStock, example1210, order1210, readers } from '../support/imports.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let shipment: ReturnType<typeof readers>['shipment'];
let reaches: ReturnType<typeof readers>['reaches'];
let available: ReturnType<typeof readers>['available'];
let quotaOf: ReturnType<typeof readers>['quotaOf'];
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  ({ shipment, reaches, available, quotaOf } = readers(p));
  // bonded stock for every test: 60 tins of formula, 30 serums
  await enterBondedStock(p, 'ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 60 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 30 }]);
});
afterAll(async () => p?.stop());

const example = example1210;
const order = order1210;

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
    expect(r2.error?.message).not.toContain('1000.00'); // a person's remaining quota is not for enterprises to read
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
    // goods not on the positive list (正面清单, domain-rules.md §2.3; the sample list the migration seeds)
    const toy = { ...example.items[1]!, sku: 'TOY-01', itemRecordNo: 'T7901W000101-0009', name: '玩具车', hsCode: '9503008900' };
    const r6 = await p.api.POST('/v1/shipments', { body: order('BI-LIST-1', 41, { items: [example.items[0]!, toy] }) });
    expect(r6.response.status).toBe(422);
    expect(r6.error).toMatchObject({ code: 'NOT_ON_POSITIVE_LIST', fields: [{ path: 'body.items.1.hsCode' }] });
    expect(r6.error?.message).toContain('tariff line 95030089 is not on the positive list (2022-sample)');
    // a line restricted to named products (32151900: household printer ink only)
    const ink = { ...example.items[1]!, sku: 'INK-01', itemRecordNo: 'T7901W000101-0010', name: '工业油墨', hsCode: '3215190000' };
    const r7 = await p.api.POST('/v1/shipments', { body: order('BI-LIST-2', 42, { items: [ink] }) });
    expect(r7.error).toMatchObject({ code: 'POSITIVE_LIST_PRODUCT_NAME', fields: [{ path: 'body.items.0.name' }] });
    expect(Number(await quotaOf(41)) + Number(await quotaOf(42))).toBe(0);
    expect(await p.db.shipment.count({ where: { orderNo: { in: ['BI-LIST-1', 'BI-LIST-2'] } } })).toBe(0);
  });

  it('lets only one of two racing orders use the last of a buyer quota', async () => {
    await reserveQuota(p.db, { reservationId: 'seed-8', buyerIdHash: hashBuyerId(buyerId(8), { key: p.config.BUYER_ID_HASH_KEY.reveal() }), year: 2026, amountCny: '24000.00', annualLimitCny: '26000' });
    const [a, b] = await Promise.all([p.api.POST('/v1/shipments', { body: order('BI-RACE-A', 8) }), p.api.POST('/v1/shipments', { body: order('BI-RACE-B', 8) })]);
    expect([a.response.status, b.response.status].sort()).toEqual([202, 422]);
    expect(Number(await quotaOf(8))).toBe(25156);
  });

  it('sends an order refused for short stock again under its number with a smaller qty: 202, it completes, the quota counted once', async () => {
    const serum = await available('FR-SERUM-30');
    const line = (qty: number) => ({ items: [{ ...example.items[1]!, qty, unitPrice: 10 }] });
    const refused = await p.api.POST('/v1/shipments', { body: order('BI-RESEND-1', 21, line(serum + 5)) });
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ code: 'INSUFFICIENT_BONDED_STOCK', fields: [{ path: 'body.items.0.qty' }] });
    expect(Number(await quotaOf(21))).toBe(0);
    const res = await p.api.POST('/v1/shipments', { body: order('BI-RESEND-1', 21, line(2)) });
    expect(res.response.status).toBe(202);
    const id = res.data!.id;
    expect(await available('FR-SERUM-30')).toBe(serum - 2);
    const done = await reaches(id, ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED']);
    expect(done.status).toBe('COMPLETED');
    expect(Number(await quotaOf(21))).toBe(30); // dutiable: goods 2 × 10 + freight 10, once
    expect(await p.db.quotaReservation.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'CONFIRMED', attempt: 2 });
    const moves = await p.db.stockMovement.findMany({ where: { reference: id }, orderBy: { id: 'asc' } });
    expect(moves.map((m) => [m.kind, Number(m.qty)])).toEqual([['RESERVED', 2], ['SHIPPED', 2]]);
    expect(await available('FR-SERUM-30')).toBe(serum - 2);
  });

  it('sends an order undone for a taken waybill again: stock reserved, withdrawn, reserved again once; cancelling it gives stock and quota back', async () => {
    const serum = await available('FR-SERUM-30');
    const holder = await p.api.POST('/v1/shipments', { body: order('BI-HOLDER-1', 23) });
    expect(holder.response.status).toBe(202);
    const taken = await p.api.POST('/v1/shipments', { body: order('BI-UNDONE-1', 22, { logistics: { ...example.logistics, waybillNo: 'WBBI-HOLDER-1' } }) });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toMatchObject({ code: 'SHIPMENT_NUMBER_TAKEN', fields: [{ path: 'body.logistics.waybillNo' }] });
    expect(await available('FR-SERUM-30')).toBe(serum - 1); // the holder's serum only
    expect(Number(await quotaOf(22))).toBe(0);
    // sent again with its own waybill (and a payer customs will refuse, so that it can be cancelled)
    const body = order('BI-UNDONE-1', 22, { buyer: { ...example.buyer, idNumber: buyerId(22), identityVerified: true } });
    body.payment = { ...body.payment, payer: { name: '李四', idNumber: buyerId(97) } };
    const res = await p.api.POST('/v1/shipments', { body });
    expect(res.response.status).toBe(202);
    const id = res.data!.id;
    expect(await available('FR-SERUM-30')).toBe(serum - 2);
    expect(Number(await quotaOf(22))).toBe(1156);
    await eventually(async () => ((await shipment(id))?.timeline.some((e) => e.type === 'REJECTED') ? true : undefined), 'customs rejection');
    const cancel = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'payer is not the buyer' } });
    expect(cancel.response.status).toBe(202);
    expect((await reaches(id, ['CANCELLED'])).timeline.map((e) => e.type)).toContain('CLAIMS_RELEASED');
    const moves = await p.db.stockMovement.findMany({ where: { reference: id, sku: 'FR-SERUM-30' }, orderBy: { id: 'asc' } });
    expect(moves.map((m) => [m.kind, m.eventKey])).toEqual([
      ['RESERVED', `${id}:reserve:FR-SERUM-30`],
      ['UNRESERVED', `${id}:withdraw:FR-SERUM-30`],
      ['RESERVED', `${id}:reserve-2:FR-SERUM-30`],
      ['UNRESERVED', `${id}:unreserve:FR-SERUM-30`],
    ]);
    expect(await available('FR-SERUM-30')).toBe(serum - 1);
    expect(Number(await quotaOf(22))).toBe(0);
  });

  it('holds a three-document mismatch found by customs (payer ≠ buyer) as REJECTED; cancelling gives quota and stock back', async () => {
    const serum = await available('FR-SERUM-30');
    const body = order('BI-MISMATCH-1', 9, { buyer: { ...example.buyer, idNumber: buyerId(9), identityVerified: true } });
    body.payment = { ...body.payment, payer: { name: '李四', idNumber: buyerId(98) } };
    const res = await p.api.POST('/v1/shipments', { body });
    expect(res.response.status).toBe(202);
    const id = res.data!.id;
    // REJECTED turns SLA_BREACHED once the correction SLA passes (a fraction of a second here)
    const rejected = await eventually(async () => {
      const x = await shipment(id);
      return x?.timeline.some((e) => e.type === 'REJECTED') ? x : undefined;
    }, 'customs rejection');
    expect(rejected.timeline.find((e) => e.type === 'REJECTED')?.info).toContain('1327');
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
