/**
 * Numbers that must be new for each shipment (domain/shipment-numbers.ts): a create that reuses
 * a waybill number, a platform order number or a 1210 payment transaction number is refused
 * with a 409 before anything is written or started, whoever holds the number, and of two racing
 * creates with one waybill number exactly one wins.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { shipment9610 } from '../support/fixtures.js';
import { enterBondedStock, example1210, order1210, readers } from '../support/imports.js';
import { startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let tag: string;
let bKey: string;
beforeAll(async () => {
  p = await startPlatform();
  tag = p.enterpriseId.slice(4).toUpperCase();
  bKey = `numbers-b-key-${p.enterpriseId}`;
  await ensureEnterpriseWithKey(p.db, { id: `${p.enterpriseId}-b`, name: 'B', customsCode: `53${tag}`.slice(0, 10), key: bKey });
});
afterAll(async () => p?.stop());

async function create(key: string, body: ShipmentCreate) {
  const res = await fetch(`${p.apiUrl}/v1/shipments`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

/** Nothing of the refused order exists: no row, no claim, no workflow. */
async function nothingOf(enterpriseId: string, orderNo: string) {
  const id = `shipment:${enterpriseId}:${orderNo}`;
  expect(await p.db.shipment.count({ where: { id } })).toBe(0);
  expect(await p.db.shipmentNumber.count({ where: { shipmentId: id } })).toBe(0);
  await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('numbers that must be new for each shipment', () => {
  it('refuses a copied example with only a new order number: 409, the waybill field, nothing written or started', async () => {
    const first = shipment9610(`NUM-${tag}-1`);
    expect((await create(p.apiKey, first)).status).toBe(202);
    // an identical repeat is still the same shipment
    const again = await create(p.apiKey, first);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toMatchObject({ id: `shipment:${p.enterpriseId}:${first.orderNo}` });

    const copy = { ...first, orderNo: `NUM-${tag}-2` };
    const refused = await create(p.apiKey, copy);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'SHIPMENT_NUMBER_TAKEN', fields: [{ path: 'body.logistics.waybillNo' }] });
    await nothingOf(p.enterpriseId, copy.orderNo);
  });

  it("answers another enterprise exactly as the holder, naming no shipment or enterprise", async () => {
    const first = shipment9610(`NUM-${tag}-3`);
    expect((await create(p.apiKey, first)).status).toBe(202);
    const copy = { ...first, orderNo: `NUM-${tag}-4` };
    const mine = await create(p.apiKey, copy);
    const theirs = await create(bKey, copy);
    expect(theirs.status).toBe(409);
    expect(theirs.text).toBe(mine.text);
    for (const secret of [p.enterpriseId, 'shipment:', '"id"']) expect(theirs.text).not.toContain(secret);
    await nothingOf(`${p.enterpriseId}-b`, copy.orderNo);
    // the platform's order number is one of the numbers too (unique per platform)
    const sameOrder = await create(bKey, { ...first, logistics: { ...first.logistics, waybillNo: `WBNUM${tag}5` } });
    expect(sameOrder.status).toBe(409);
    expect(JSON.parse(sameOrder.text)).toMatchObject({ code: 'SHIPMENT_NUMBER_TAKEN', fields: [{ path: 'body.orderNo' }] });
  });

  it('lets exactly one of two simultaneous creates with one waybill number through', async () => {
    const [a, b] = [shipment9610(`NUM-${tag}-6`), shipment9610(`NUM-${tag}-7`)].map((s) => ({ ...s, logistics: { ...s.logistics, waybillNo: `WBRACE${tag}` } }));
    const answers = await Promise.all([create(p.apiKey, a!), create(p.apiKey, b!)]);
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(await p.db.shipment.count({ where: { orderNo: { in: [a!.orderNo, b!.orderNo] } } })).toBe(1);
  });

  it('refuses a reused 1210 payment transaction number and gives back the stock and quota it checked', async () => {
    await enterBondedStock(p, `NUM-${tag}-ENTRY`, [{ sku: 'FR-SERUM-30', name: '精华液', qty: 10 }]);
    const read = readers(p);
    const first = order1210(`NUM-${tag}-8`, 8801, { items: [{ ...example1210.items[1]!, qty: 1 }] });
    expect((await create(p.apiKey, first)).status).toBe(202);
    const [available, quota] = [await read.available('FR-SERUM-30'), await read.quotaOf(8802)];
    const copy = order1210(`NUM-${tag}-9`, 8802, { items: first.items });
    const refused = await create(p.apiKey, { ...copy, payment: { ...copy.payment, transactionId: first.payment.transactionId } });
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'SHIPMENT_NUMBER_TAKEN', fields: [{ path: 'body.payment.transactionId' }] });
    await nothingOf(p.enterpriseId, copy.orderNo);
    expect(await read.available('FR-SERUM-30')).toBe(available);
    expect(await read.quotaOf(8802)).toEqual(quota);
  });
});
