import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { shipmentNumbers } from '../domain/shipment-numbers.js';
import { useScratchPostgres } from '../test/support/db.js';
import { fileDocumentKey } from './projection.js';
import { insertShipment, readCreateContext, storedShipment, type NewShipment } from './shipment-create.js';

const scratch = useScratchPostgres('create');

const example = JSON.parse(readFileSync(new URL('../examples/shipment-9610.json', import.meta.url), 'utf8')) as Extract<ShipmentCreate, { mode: '9610' }>;
const enterpriseId = 'ent-create';

function newShipment(orderNo: string, createdAt: Date, waybillNo = `WB${orderNo}`): NewShipment {
  const request = { ...example, orderNo, logistics: { ...example.logistics, waybillNo } };
  return {
    id: `shipment:${enterpriseId}:${orderNo}`,
    enterpriseId,
    orderNo,
    mode: '9610',
    corridor: request.corridor,
    status: 'RECEIVED',
    stage: 'order',
    requestHash: `hash-${orderNo}`,
    request,
    buyer: undefined,
    currency: 'EUR',
    goodsValue: '62.80000',
    partnerCountry: '304',
    valueCny: null,
    createdAt,
    lines: request.items.map((i, n) => ({ lineNo: n + 1, sku: i.sku, hsCode: i.hsCode, batchNo: null, qty: String(i.qty), amount: (i.qty * i.unitPrice).toFixed(2), currency: 'EUR' })),
    numbers: shipmentNumbers(request),
  };
}

const context = (s: NewShipment, acceptedAt = new Date()) =>
  readCreateContext(scratch.db, { shipmentId: s.id, enterpriseId, acceptedAt, body: s.request as ShipmentCreate, buyer: undefined });

describe('shipment create statements (PostgreSQL)', () => {
  it('writes the shipment, its lines linked to the registered product and its risk hits, once', async () => {
    await scratch.db.enterprise.create({ data: { id: enterpriseId, name: '测试', customsCode: '5117960001' } });
    await scratch.db.product.create({ data: { id: 'prod-tea', enterpriseId, sku: 'DZ-TEA-001', hsCode: '0902300000', name: '茶', spec: '250g', origin: '142', manufacturer: 'm' } });
    const at = new Date('2026-11-26T08:00:00.123Z');
    const s = newShipment('CREATE-1', at);
    const before = await context(s, at);
    expect(before).toMatchObject({ negativeListed: false, existing: undefined });
    expect(before.riskHistory()).toEqual({ related: [], prices: { '0902300000:EUR': [], '4602120000:EUR': [] }, otherDirectionSkus: [] });

    const hits = [{ ruleId: 'SHARED_CONTACT', version: 1, severity: 'HOLD' as const, explanation: 'held' }, { ruleId: 'PRICE_ANOMALY', version: 1, severity: 'REVIEW' as const, explanation: 'odd' }];
    expect(await insertShipment(scratch.db, s, hits)).toEqual({ created: true });
    // the same id again (a racing request): nothing more is written
    expect(await insertShipment(scratch.db, { ...s, requestHash: 'other' }, hits)).toEqual({ created: false });

    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id: s.id }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
    expect(row).toMatchObject({ enterpriseId, orderNo: 'CREATE-1', status: 'RECEIVED', stage: 'order', requestHash: 'hash-CREATE-1', createdAt: at, partnerCountry: '304', valueCny: null });
    expect(row.request).toEqual(s.request);
    expect(row.goodsValue.toString()).toBe('62.8');
    expect(row.lines.map((l) => [l.lineNo, l.sku, l.productId, l.qty.toString(), l.amount.toString()])).toEqual([
      [1, 'DZ-TEA-001', 'prod-tea', '2', '37.8'],
      [2, 'DZ-BAMBOO-7', null, '1', '25'],
    ]);
    // the price rule reads lines by the shipment's creation time (ShipmentLine index)
    expect(row.lines.map((l) => l.createdAt)).toEqual([at, at]);
    const saved = await scratch.db.riskHit.findMany({ where: { shipmentId: s.id }, orderBy: { id: 'asc' } });
    expect(saved.map((h) => [h.ruleId, h.severity, h.status, h.enterpriseId])).toEqual([
      ['SHARED_CONTACT', 'HOLD', 'HELD', enterpriseId],
      ['PRICE_ANOMALY', 'REVIEW', 'OPEN', enterpriseId],
    ]);

    expect(await storedShipment(scratch.db, s.id)).toEqual({ requestHash: 'hash-CREATE-1', status: 'RECEIVED', createdAt: at });
    const after = await context(s);
    expect(after.existing).toEqual({ requestHash: 'hash-CREATE-1', status: 'RECEIVED', createdAt: at, hits });
  });

  it('reads recent prices of the same HS code and currency, and the negative list until it is lifted', async () => {
    const s = newShipment('CREATE-2', new Date());
    expect((await context(s)).riskHistory().prices['0902300000:EUR']).toEqual([18.9]);
    await scratch.db.negativeListEntry.create({ data: { enterpriseId, reason: 'test', listedBy: 'ops' } });
    expect((await context(s)).negativeListed).toBe(true);
    await scratch.db.negativeListEntry.update({ where: { enterpriseId }, data: { liftedAt: new Date() } });
    expect((await context(s)).negativeListed).toBe(false);
  });

  it('refuses a waybill number another shipment holds and writes nothing of the new order', async () => {
    const at = new Date();
    expect(await insertShipment(scratch.db, newShipment('NUM-1', at, 'WB-NUM-SHARED'), [])).toEqual({ created: true });
    const second = newShipment('NUM-2', at, 'WB-NUM-SHARED');
    const outcome = await insertShipment(scratch.db, second, [{ ruleId: 'PRICE_ANOMALY', version: 1, severity: 'REVIEW', explanation: 'odd' }]);
    expect(outcome).toEqual({ created: false, taken: { kind: 'WAYBILL', issuer: 'L000000003', number: 'WB-NUM-SHARED', field: 'body.logistics.waybillNo' } });
    expect(await scratch.db.shipment.count({ where: { id: second.id } })).toBe(0);
    expect(await scratch.db.shipmentLine.count({ where: { shipmentId: second.id } })).toBe(0);
    expect(await scratch.db.riskHit.count({ where: { shipmentId: second.id } })).toBe(0);
    expect(await scratch.db.shipmentNumber.count({ where: { shipmentId: second.id } })).toBe(0);
    // the order number it would have claimed stays free: the same order with a new waybill goes through
    expect(await insertShipment(scratch.db, newShipment('NUM-2', at, 'WB-NUM-2'), [])).toEqual({ created: true });
  });

  it('lets exactly one of ten concurrent creates with one waybill number win', async () => {
    const at = new Date();
    const racers = Array.from({ length: 10 }, (_, i) => newShipment(`RACE-${i}`, at, 'WB-RACE-ONE'));
    const outcomes = await Promise.all(racers.map((s) => insertShipment(scratch.db, s, [])));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(outcomes.filter((o) => o.taken?.field === 'body.logistics.waybillNo')).toHaveLength(9);
    expect(await scratch.db.shipment.count({ where: { id: { in: racers.map((s) => s.id) } } })).toBe(1);
    expect(await scratch.db.shipmentNumber.count({ where: { kind: 'WAYBILL', number: 'WB-RACE-ONE' } })).toBe(1);
  });

  it('hands a waybill number over after 6 months, never an order number of the same platform', async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    expect(await insertShipment(scratch.db, newShipment('OLD-1', old, 'WB-RECYCLED'), [])).toEqual({ created: true });
    const fresh = newShipment('NEW-1', new Date(), 'WB-RECYCLED');
    expect(await insertShipment(scratch.db, fresh, [])).toEqual({ created: true });
    expect(await scratch.db.shipmentNumber.findUniqueOrThrow({ where: { kind_issuer_number: { kind: 'WAYBILL', issuer: 'L000000003', number: 'WB-RECYCLED' } } })).toMatchObject({ shipmentId: fresh.id });
    // within 6 months it is still taken
    expect((await insertShipment(scratch.db, newShipment('NEW-2', new Date(), 'WB-RECYCLED'), [])).taken?.kind).toBe('WAYBILL');
    // the platform's order number OLD-1 is never reused, by another enterprise either
    const other = { ...newShipment('OLD-1', new Date(), 'WB-OTHER-ENT'), id: 'shipment:ent-create-other:OLD-1', enterpriseId: 'ent-create-other' };
    await scratch.db.enterprise.create({ data: { id: 'ent-create-other', name: '其他', customsCode: '5117960002' } });
    expect((await insertShipment(scratch.db, other, [])).taken).toMatchObject({ kind: 'ORDER', field: 'body.orderNo' });
  });

  it('keeps DOCUMENT_KEY_TAKEN as the second line of defence, handing over only a waybill filed over 6 months ago', async () => {
    const [a, b] = [newShipment('DOC-A', new Date(), 'WB-DOC-A'), newShipment('DOC-B', new Date(), 'WB-DOC-B')];
    for (const s of [a, b]) await insertShipment(scratch.db, s, []);
    const doc = (shipmentId: string, docType: string, businessKey: string) => ({ shipmentId, system: 'single-window', docType, businessKey, revision: 0 });
    await fileDocumentKey(scratch.db, doc(a.id, 'WAYBILL', 'L000000003:WB-SHARED'));
    await fileDocumentKey(scratch.db, doc(a.id, 'ORDER', 'P000000003:SHARED'));
    await expect(fileDocumentKey(scratch.db, doc(b.id, 'WAYBILL', 'L000000003:WB-SHARED'))).rejects.toMatchObject({ code: 'DOCUMENT_KEY_TAKEN' });
    await scratch.db.shipmentDocument.updateMany({ where: { shipmentId: a.id }, data: { createdAt: new Date(Date.now() - 200 * 86_400_000) } });
    await fileDocumentKey(scratch.db, doc(b.id, 'WAYBILL', 'L000000003:WB-SHARED'));
    expect(await scratch.db.shipmentDocument.findFirstOrThrow({ where: { docType: 'WAYBILL', businessKey: 'L000000003:WB-SHARED' } })).toMatchObject({ shipmentId: b.id });
    await expect(fileDocumentKey(scratch.db, doc(b.id, 'ORDER', 'P000000003:SHARED'))).rejects.toMatchObject({ code: 'DOCUMENT_KEY_TAKEN' });
  });
});
