import { beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../codec/field-cipher.js';
import { evaluateRisk } from '../domain/risk/rules.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { example1210, order1210, type Order1210 } from '../scripts/lib/mix.js';
import { useScratchPostgres } from '../test/support/db.js';
import { buyerLookup, openRequest, sealRequest } from './personal-data.js';
import { backfillPersonalData } from './personal-data-retention.js';
import { riskSubject } from './risk.js';
import { insertShipment, readCreateContext, type NewShipment } from './shipment-create.js';
import { shipmentNumbers } from '../domain/shipment-numbers.js';

/**
 * Buyers' personal data at rest on a real PostgreSQL: sealed in Shipment.request, matched by the
 * split-order rule through keyed-hash columns, and sealed afterwards for rows written before.
 */
const scratch = useScratchPostgres('pii');
const KEYS = 'k2:ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=,k1:h/ECeeUXWL85kWKZeCS8RwI2wVnfYiis0ordqNqhplU=';
const cipher = new FieldCipher(KEYS);
const hashKey = 'test-buyer-hash-key';
const enterpriseId = 'ent-pii';

/** Every personal value of a 1210 order (what a database dump must not show). */
export function personalValues(o: Order1210): string[] {
  return [o.buyer.name, o.buyer.idNumber, o.buyer.telephone, o.buyer.registerNo, o.consignee.name, o.consignee.telephone, o.consignee.address, o.payment.payer.name, o.payment.payer.idNumber];
}

/** What api/shipments.service.ts createShipment does with the database, without Temporal. */
async function create(body: Order1210, at: Date) {
  const id = `shipment:${enterpriseId}:${body.orderNo}`;
  const buyer = buyerLookup(body, hashKey);
  const context = await readCreateContext(scratch.db, { shipmentId: id, enterpriseId, acceptedAt: at, body, buyer });
  const hits = evaluateRisk(riskSubject(id, enterpriseId, at, body, buyer), context.riskHistory());
  const row: NewShipment = {
    id, enterpriseId, orderNo: body.orderNo, mode: '1210', corridor: null, status: 'RECEIVED', stage: 'order', requestHash: `h-${body.orderNo}`,
    request: sealRequest(cipher, body), buyer, currency: 'CNY', goodsValue: '1.00000', partnerCountry: '601', valueCny: '1.00', createdAt: at, lines: [], numbers: shipmentNumbers(body),
  };
  expect(await insertShipment(scratch.db, row, hits)).toEqual({ created: true });
  return { id, hits };
}

async function dump(): Promise<string> {
  const rows = await scratch.db.$queryRaw<{ t: string }[]>`SELECT (SELECT json_agg(s) FROM "Shipment" s)::text || (SELECT coalesce(json_agg(m), '[]') FROM "InboundMessage" m)::text AS t`;
  return rows[0]!.t;
}

describe('personal data at rest', () => {
  beforeAll(async () => {
    await scratch.db.enterprise.create({ data: { id: enterpriseId, name: '测试', customsCode: '5117960009' } });
  });

  it('seals a field under the first key, opens under any key of the ring, and refuses a tampered value', () => {
    const sealed = cipher.seal('张三');
    expect(sealed).toMatch(/^enc:v1:k2:/);
    expect(cipher.open(sealed)).toBe('张三');
    const old = new FieldCipher('k1:h/ECeeUXWL85kWKZeCS8RwI2wVnfYiis0ordqNqhplU=').seal('李四');
    expect(cipher.open(old)).toBe('李四'); // rotation: k1 still opens
    const bytes = Buffer.from(sealed.split(':')[3]!, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => cipher.open(`enc:v1:k2:${bytes.toString('base64')}`)).toThrow(/failed authentication/);
    expect(() => new FieldCipher('k3:ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=').open(sealed)).toThrow(/unknown key id "k2"/);
  });

  it('stores a 1210 order with every personal field sealed, and opens it to what was sent', async () => {
    const body = order1210('PII-1', 1);
    const { id } = await create(body, new Date());
    const stored = await scratch.db.shipment.findUniqueOrThrow({ where: { id } });
    const text = JSON.stringify(stored.request);
    for (const v of personalValues(body)) expect(text).not.toContain(v);
    expect(openRequest(cipher, stored.request)).toEqual(body);
    // what is not personal stays readable in SQL (statistics, reconciliation, summaries)
    expect((stored.request as { payment: { amountPaid: number } }).payment.amountPaid).toBe(body.payment.amountPaid);
    expect(stored.buyerIdHash).toMatch(/^[0-9a-f]{64}$/);
    // a 9610 names no person: stored as sent
    const export9610 = { mode: '9610', orderNo: 'X' } as unknown as ShipmentCreate;
    expect(sealRequest(cipher, export9610)).toEqual(export9610);
  });

  it('fires the split-order rule across two orders of one buyer, matched on the hash columns', async () => {
    const at = new Date();
    const serums = (orderNo: string, phone: string) => order1210(orderNo, 7, { items: [{ ...example1210.items[1]!, qty: 4 }], consignee: { ...example1210.consignee, telephone: phone } });
    const first = await create(serums('PII-SPLIT-A', '13800001234'), new Date(at.getTime() - 3_600_000));
    expect(first.hits.map((h) => h.ruleId)).not.toContain('SPLIT_ORDERS');
    // the same buyer, the phone written differently: one person for the rules
    const second = await create(serums('PII-SPLIT-B', '138-0000-1234'), at);
    expect(second.hits.find((h) => h.ruleId === 'SPLIT_ORDERS')?.detail).toMatch(/^2 orders of the same buyer within 24 h total CNY \d+\.\d{2}/); // ops-only detail
    const rows = await scratch.db.shipment.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(new Set(rows.map((r) => r.buyerIdHash)).size).toBe(1);
    expect(new Set(rows.map((r) => r.buyerPhoneHash)).size).toBe(1);
  });

  it('seals and hashes rows written before encryption, once, and the rule finds them again', async () => {
    const legacy = order1210('PII-OLD-1', 9, { items: [{ ...example1210.items[1]!, qty: 4 }] });
    const at = new Date(Date.now() - 7_200_000);
    await scratch.db.shipment.create({ data: { id: `shipment:${enterpriseId}:PII-OLD-1`, enterpriseId, orderNo: 'PII-OLD-1', mode: '1210', status: 'RECEIVED', stage: 'order', requestHash: 'h', request: legacy, currency: 'CNY', goodsValue: '1', createdAt: at } });
    // a row of the statistics seeder names nobody: left alone, and it does not stop the others
    await scratch.db.shipment.create({ data: { id: `shipment:${enterpriseId}:PII-SEEDED`, enterpriseId, orderNo: 'PII-SEEDED', mode: '1210', status: 'COMPLETED', stage: 'done', requestHash: 'seed', request: { seeded: true }, currency: 'CNY', goodsValue: '1', createdAt: new Date(at.getTime() - 60_000) } });
    await scratch.db.inboundMessage.create({ data: { system: 'bonded-warehouse', bodyHash: 'legacy-1', contentType: 'application/json', body: JSON.stringify({ consignee: legacy.consignee.name }), outcome: 'DELIVERED' } });
    expect(await dump()).toContain(legacy.buyer.idNumber);

    expect(await backfillPersonalData(scratch.db, { cipher, hashKey, batch: 100 })).toEqual({ shipments: 1, inboundMessages: 1 });
    const text = await dump();
    for (const v of personalValues(legacy)) expect(text).not.toContain(v);
    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id: `shipment:${enterpriseId}:PII-OLD-1` } });
    expect(openRequest(cipher, row.request)).toEqual(legacy);
    expect(row.buyerIdHash).toBe(buyerLookup(legacy, hashKey)!.buyerIdHash);
    const message = await scratch.db.inboundMessage.findUniqueOrThrow({ where: { bodyHash: 'legacy-1' } });
    expect(JSON.parse(cipher.open(message.body))).toEqual({ consignee: legacy.consignee.name });
    // again: nothing left to do, nothing changed
    expect(await backfillPersonalData(scratch.db, { cipher, hashKey, batch: 100 })).toEqual({ shipments: 0, inboundMessages: 0 });
    expect((await scratch.db.shipment.findUniqueOrThrow({ where: { id: row.id } })).request).toEqual(row.request);

    const next = await create(order1210('PII-OLD-2', 9, { items: [{ ...example1210.items[1]!, qty: 4 }] }), new Date());
    expect(next.hits.find((h) => h.ruleId === 'SPLIT_ORDERS')?.detail).toContain(row.id); // ops-only detail
  });
});
