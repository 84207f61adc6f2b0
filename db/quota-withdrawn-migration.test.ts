import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/support/db.js';

// The data step of prisma/migrations/20261206175031_quota_withdrawn_attempt: claims the API's old
// undo released (the order never existed) become WITHDRAWN, and their undo movements leave the
// workflow's cancellation key. Run again here over rows as the old code left them, on the run's
// database (PostgreSQL or PGlite).
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());
const MIGRATION = new URL('../prisma/migrations/20261206175031_quota_withdrawn_attempt/migration.sql', import.meta.url);
const dataStatements = () => readFileSync(MIGRATION, 'utf8').split(';').map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s.startsWith('UPDATE'));
const HASH = 'a'.repeat(64);

describe('quota_withdrawn_attempt migration', () => {
  it('withdraws released claims whose order never existed and keeps the released orders single-use', async () => {
    const db = database.db;
    const [never, order] = ['shipment:ent-mig:NEVER-1', 'shipment:ent-mig:ORDER-1'];
    await db.enterprise.create({ data: { id: 'ent-mig', name: 'Migration test', customsCode: '5100000001' } });
    await db.shipment.create({ data: { id: order, enterpriseId: 'ent-mig', orderNo: 'ORDER-1', mode: '1210', status: 'CANCELLED', stage: 'done', requestHash: 'h', request: {}, currency: 'CNY', goodsValue: '10' } });
    for (const id of [never, order]) {
      await db.quotaReservation.create({ data: { id, buyerIdHash: HASH, year: 2026, amountCny: '10', status: 'RELEASED' } });
      for (const [kind, step] of [['RESERVED', 'reserve'], ['UNRESERVED', 'unreserve']] as const) {
        await db.stockMovement.create({ data: { eventKey: `${id}:${step}:SKU-1`, system: 'bonded-warehouse', warehouseCode: 'W1', enterpriseId: 'ent-mig', sku: 'SKU-1', kind, qty: '1', onHandAfter: '1', reservedAfter: '0', reference: id } });
      }
    }
    const statements = dataStatements();
    expect(statements).toHaveLength(2);
    for (const sql of statements) await db.$executeRawUnsafe(sql);

    expect(await db.quotaReservation.findUniqueOrThrow({ where: { id: never } })).toMatchObject({ status: 'WITHDRAWN', attempt: 1 });
    expect(await db.quotaReservation.findUniqueOrThrow({ where: { id: order } })).toMatchObject({ status: 'RELEASED', attempt: 1 });
    const keys = async (reference: string) => (await db.stockMovement.findMany({ where: { reference }, orderBy: { id: 'asc' } })).map((m) => m.eventKey);
    expect(await keys(never)).toEqual([`${never}:reserve:SKU-1`, `${never}:withdraw:SKU-1`]);
    expect(await keys(order)).toEqual([`${order}:reserve:SKU-1`, `${order}:unreserve:SKU-1`]);
  });
});
