import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { moveStock, stockOf } from '../db/stock.js';
import { hashBuyerId, releaseQuota, usedQuota } from '../db/quota.js';
import { createTestDatabase } from '../test/support/db.js';
import { buyerId, example1210, order1210 } from '../test/support/imports.js';
import { BONDED_SYSTEM, claimImportOrder, claimStockKey } from './import-orders.js';
import { ApiError } from './errors.js';

// The claims of a 1210 creation against a real database (PostgreSQL or PGlite, as the run's):
// what the API's undo (numbers taken, Temporal unavailable: 503) and a stock refusal leave behind.
const config = loadConfig({ CBEC_ENV: 'development' });
const ENT = 'ent-claims';
const SKU = example1210.items[0]!.sku;
const at = new Date('2026-11-26T04:00:00Z'); // the date order1210's amounts are computed for
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const deps = () => ({ db: database.db, config });

beforeAll(async () => {
  database = await createTestDatabase();
  await moveStock(database.db, [{ eventKey: 'claims:entry', system: BONDED_SYSTEM, warehouseCode: example1210.warehouse.code, enterpriseId: ENT, sku: SKU, kind: 'RECEIVED', qty: 5, reference: 'claims:entry' }]);
});
afterAll(async () => database?.drop());

const available = async () => Number((await stockOf(database.db, ENT, { system: BONDED_SYSTEM })).find((s) => s.sku === SKU)?.available ?? 0);
const quotaOf = (n: number) => usedQuota(database.db, hashBuyerId(buyerId(n), { key: config.BUYER_ID_HASH_KEY.reveal() }), 2026);
const ledger = async (id: string) => (await database.db.stockMovement.findMany({ where: { reference: id }, orderBy: { id: 'asc' } })).map((m) => [m.kind, m.eventKey]);
const reservation = (id: string) => database.db.quotaReservation.findUniqueOrThrow({ where: { id } });

describe('1210 creation claims', () => {
  it('an undone creation (the 503 path) gives quota and stock back, and the order number claims again once, as attempt 2', async () => {
    const id = `shipment:${ENT}:BI-UNDO-1`;
    const body = order1210('BI-UNDO-1', 1, { items: [example1210.items[0]!] });
    const first = await claimImportOrder(deps(), ENT, id, body, at);
    expect(await available()).toBe(3);
    await Promise.all([first.undo(), first.undo()]);
    expect(await available()).toBe(5);
    expect(await quotaOf(1)).toBe('0.00');
    expect(await reservation(id)).toMatchObject({ status: 'WITHDRAWN', attempt: 1 });

    // sent again: two identical requests racing claim once
    await Promise.all([claimImportOrder(deps(), ENT, id, body, at), claimImportOrder(deps(), ENT, id, body, at)]);
    expect(await available()).toBe(3);
    expect(await quotaOf(1)).toBe('466.00'); // two tins 456 + freight 10
    expect(await reservation(id)).toMatchObject({ status: 'RESERVED', attempt: 2 });
    expect(await ledger(id)).toEqual([
      ['RESERVED', `${id}:reserve:${SKU}`],
      ['UNRESERVED', `${id}:withdraw:${SKU}`],
      ['RESERVED', `${id}:reserve-2:${SKU}`],
    ]);
    expect(claimStockKey(id, 'reserve', 2, SKU)).toBe(`${id}:reserve-2:${SKU}`);

    // the order's cancellation (workflows/shipment/bonded.ts releaseClaims) still gives everything back
    expect(await releaseQuota(database.db, id)).toEqual({ released: true, status: 'RELEASED' });
    const cancelled = await moveStock(database.db, [{ eventKey: `${id}:unreserve:${SKU}`, system: BONDED_SYSTEM, warehouseCode: example1210.warehouse.code, enterpriseId: ENT, sku: SKU, kind: 'UNRESERVED', qty: 2, reference: id }]);
    expect(cancelled.applied).toBe(1);
    expect(await available()).toBe(5);
    expect(await quotaOf(1)).toBe('0.00');
  });

  it('a creation refused for short stock withdraws its quota; a smaller order under the same number claims', async () => {
    const id = `shipment:${ENT}:BI-SHORT-1`;
    const item = example1210.items[0]!;
    const refused = await claimImportOrder(deps(), ENT, id, order1210('BI-SHORT-1', 2, { items: [{ ...item, qty: 6 }] }), at).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 422, code: 'INSUFFICIENT_BONDED_STOCK', fields: [{ path: 'body.items.0.qty', message: 'at most 5 available' }] });
    expect(await quotaOf(2)).toBe('0.00');
    expect(await reservation(id)).toMatchObject({ status: 'WITHDRAWN', attempt: 1 });

    await claimImportOrder(deps(), ENT, id, order1210('BI-SHORT-1', 2, { items: [{ ...item, qty: 1 }] }), at);
    expect(await available()).toBe(4);
    expect(Number(await quotaOf(2))).toBe(238); // one tin 228 + freight 10
    expect(await ledger(id)).toEqual([['RESERVED', `${id}:reserve-2:${SKU}`]]);
  });
});
