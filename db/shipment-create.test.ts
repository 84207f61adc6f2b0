import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { useScratchPostgres } from '../test/support/db.js';
import { insertShipment, readCreateContext, storedShipment, type NewShipment } from './shipment-create.js';

const scratch = useScratchPostgres('create');

const example = JSON.parse(readFileSync(new URL('../examples/shipment-9610.json', import.meta.url), 'utf8')) as Extract<ShipmentCreate, { mode: '9610' }>;
const enterpriseId = 'ent-create';

function newShipment(orderNo: string, createdAt: Date): NewShipment {
  const request = { ...example, orderNo };
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
    expect(await insertShipment(scratch.db, s, hits)).toBe(true);
    // the same id again (a racing request): nothing more is written
    expect(await insertShipment(scratch.db, { ...s, requestHash: 'other' }, hits)).toBe(false);

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
});
