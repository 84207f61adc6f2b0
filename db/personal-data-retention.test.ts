import { beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../codec/field-cipher.js';
import { DEV_PAYLOAD_KEYS } from '../codec/keys.js';
import { RETENTION_FLOOR_DAYS } from '../domain/retention.js';
import { order1210 } from '../scripts/lib/mix.js';
import { useScratchPostgres } from '../test/support/db.js';
import type { Prisma } from './client.js';
import { buyerLookup, sealRequest } from './personal-data.js';
import { purgePersonalData } from './personal-data-retention.js';
import { buildMonthlyReport, refreshStatsMonth } from './statistics/index.js';

/** The retention purge on a real PostgreSQL, judged at an injected "now". */
const scratch = useScratchPostgres('retention');
const cipher = new FieldCipher(DEV_PAYLOAD_KEYS);
const enterpriseId = 'ent-retention';
const days = RETENTION_FLOOR_DAYS;
const ended = new Date('2020-03-10T04:00:00Z');
const afterPeriod = new Date(ended.getTime() + days * 86_400_000 + 3_600_000);

const hashesOf = (body: ReturnType<typeof order1210>) => {
  const { buyerIdHash, buyerPhoneHash, buyerAddressHash } = buyerLookup(body, 'k')!;
  return { buyerIdHash, buyerPhoneHash, buyerAddressHash };
};

async function shipment(orderNo: string, s: { status: string; createdAt: Date; completedAt: Date | null }) {
  const body = order1210(orderNo, 3);
  await scratch.db.shipment.create({
    data: {
      id: `shipment:${enterpriseId}:${orderNo}`, enterpriseId, orderNo, mode: '1210', status: s.status, stage: 'done', requestHash: 'h',
      request: sealRequest(cipher, body) as Prisma.InputJsonValue, ...hashesOf(body), currency: 'CNY', goodsValue: '1146',
      partnerCountry: '601', valueCny: '1146.00', createdAt: s.createdAt, completedAt: s.completedAt,
      lines: { create: [{ lineNo: 1, sku: 'AU-MILK-900', hsCode: '1901101000', qty: '2', amount: '1146.00', currency: 'CNY', createdAt: s.createdAt }] },
    },
  });
  return `shipment:${enterpriseId}:${orderNo}`;
}
const message = (bodyHash: string, receivedAt: Date, outcome: string) =>
  scratch.db.inboundMessage.create({ data: { system: 'bonded-warehouse', bodyHash, contentType: 'application/json', body: cipher.seal('{"consignee":"王五"}'), outcome, receivedAt } });
const report = async (now: Date) => {
  await refreshStatsMonth(scratch.db, '2020-03', now.getTime());
  const r = await buildMonthlyReport(scratch.db, '2020-03', { generatedAt: 'x', refreshedAt: 'x' }, now.getTime());
  return { totals: r.totals, byMode: JSON.stringify(r) };
};

let done: string, open: string, recent: string;
beforeAll(async () => {
  await scratch.db.enterprise.create({ data: { id: enterpriseId, name: '留存测试', customsCode: '5117960077' } });
  done = await shipment('RET-DONE', { status: 'COMPLETED', createdAt: new Date('2020-03-01T02:00:00Z'), completedAt: ended });
  open = await shipment('RET-OPEN', { status: 'INSPECTION', createdAt: new Date('2020-03-02T02:00:00Z'), completedAt: null });
  recent = await shipment('RET-RECENT', { status: 'COMPLETED', createdAt: new Date('2020-03-03T02:00:00Z'), completedAt: new Date('2024-01-01T00:00:00Z') });
  await message('old-delivered', new Date('2020-03-10T04:30:00Z'), 'DELIVERED');
  await message('old-undelivered', new Date('2020-03-10T04:30:00Z'), 'RECEIVED');
  await message('recent', new Date('2024-01-01T00:00:00Z'), 'DELIVERED');
  await scratch.db.buyerQuota.create({ data: { buyerIdHash: 'b', year: 2019, usedCny: '100' } });
  await scratch.db.buyerQuota.create({ data: { buyerIdHash: 'b', year: 2024, usedCny: '100' } });
});

describe('personal data retention', () => {
  it('refuses a period below the legal floor', async () => {
    await expect(purgePersonalData(scratch.db, { now: afterPeriod, retentionDays: days - 1, batch: 10 })).rejects.toThrow(/below the legal floor/);
  });

  it('keeps everything until the period has passed', async () => {
    const justBefore = new Date(ended.getTime() + days * 86_400_000 - 3_600_000);
    expect(await purgePersonalData(scratch.db, { now: justBefore, retentionDays: days, batch: 10 })).toEqual({ shipments: 0, inboundMessages: 0, quotaRows: 1 });
    expect((await scratch.db.shipment.findUniqueOrThrow({ where: { id: done } })).buyerIdHash).not.toBeNull();
  });

  it('then removes the personal fields of ended shipments and old callback bodies, and statistics stay the same', async () => {
    const before = await report(afterPeriod);
    expect(before.totals.shipments).toBe(3); // the three orders of March 2020
    const lineBefore = await scratch.db.shipmentLine.findMany({ where: { shipmentId: done } });
    expect(await purgePersonalData(scratch.db, { now: afterPeriod, retentionDays: days, batch: 10 })).toEqual({ shipments: 1, inboundMessages: 1, quotaRows: 0 });

    const row = await scratch.db.shipment.findUniqueOrThrow({ where: { id: done } });
    expect(row).toMatchObject({ buyerIdHash: null, buyerPhoneHash: null, buyerAddressHash: null, personalDataPurgedAt: afterPeriod, status: 'COMPLETED', valueCny: expect.anything() });
    const request = row.request as { buyer: Record<string, unknown>; consignee: Record<string, unknown>; payment: { payer: Record<string, unknown>; amountPaid: number }; items: unknown[] };
    expect(request.buyer).toMatchObject({ name: null, idNumber: null, telephone: null, registerNo: null });
    expect(request.consignee).toMatchObject({ name: null, telephone: null, address: null });
    expect(request.payment.payer).toEqual({ name: null, idNumber: null });
    expect(request.payment.amountPaid).toBeGreaterThan(0); // the figures stay
    expect(request.items).toEqual(order1210('RET-DONE', 3).items);
    expect(await scratch.db.shipmentLine.findMany({ where: { shipmentId: done } })).toEqual(lineBefore);
    expect(await report(afterPeriod)).toEqual(before);

    // a shipment still open and one that ended within the period keep their data
    for (const id of [open, recent]) expect((await scratch.db.shipment.findUniqueOrThrow({ where: { id } })).personalDataPurgedAt).toBeNull();
    const bodies = Object.fromEntries((await scratch.db.inboundMessage.findMany()).map((m) => [m.bodyHash, m.body]));
    expect(bodies['old-delivered']).toBe('');
    expect(cipher.open(bodies['old-undelivered']!)).toContain('王五'); // still to be delivered
    expect(cipher.open(bodies['recent']!)).toContain('王五');
    expect((await scratch.db.buyerQuota.findMany()).map((q) => q.year)).toEqual([2024]);

    // a second run has nothing left to do
    expect(await purgePersonalData(scratch.db, { now: afterPeriod, retentionDays: days, batch: 10 })).toEqual({ shipments: 0, inboundMessages: 0, quotaRows: 0 });
  });
});
