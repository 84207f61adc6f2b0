import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { InsufficientStock, moveStock, stockOf, type StockMovementInput } from './stock.js';

// A PostgreSQL database of its own (real row locks; PGlite serialises everything and would prove nothing).
const scratch = useScratchPostgres('stock');

const at = (enterpriseId: string, sku: string) => ({ system: 'bonded-warehouse', warehouseCode: 'CD-B-01', enterpriseId, sku, reference: 'test' });
const move = (enterpriseId: string, sku: string, kind: StockMovementInput['kind'], qty: number, eventKey: string): StockMovementInput => ({ ...at(enterpriseId, sku), kind, qty, eventKey });
const balance = async (enterpriseId: string, sku: string) => (await stockOf(scratch.db, enterpriseId)).find((b) => b.sku === sku);

describe('stock ledger (PostgreSQL)', () => {
  it('keeps on-hand, reserved and available through receipt, reservation, shipment and return', async () => {
    const e = 'ent-flow';
    await moveStock(scratch.db, [move(e, 'A', 'RECEIVED', 10, 'r1'), move(e, 'A', 'DAMAGED', 2, 'd1')]);
    expect(await balance(e, 'A')).toMatchObject({ onHand: '10', reserved: '0', available: '10' });
    await moveStock(scratch.db, [move(e, 'A', 'RESERVED', 3, 'o1')]);
    expect(await balance(e, 'A')).toMatchObject({ onHand: '10', reserved: '3', available: '7' });
    await moveStock(scratch.db, [move(e, 'A', 'SHIPPED', 3, 's1')]);
    expect(await balance(e, 'A')).toMatchObject({ onHand: '7', reserved: '0', available: '7' });
    await moveStock(scratch.db, [move(e, 'A', 'RETURNED', 1, 'ret1'), move(e, 'A', 'SOLD', 2.5, 'sold1')]);
    expect(await balance(e, 'A')).toMatchObject({ onHand: '5.5', reserved: '0', available: '5.5' });
    const rows = await scratch.db.stockMovement.findMany({ where: { enterpriseId: e }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.kind, r.onHandAfter.toString(), r.reservedAfter.toString()])).toEqual([
      ['RECEIVED', '10', '0'], ['DAMAGED', '10', '0'], ['RESERVED', '10', '3'], ['SHIPPED', '7', '0'], ['RETURNED', '8', '0'], ['SOLD', '5.5', '0'],
    ]);
  });

  it('counts a repeated event once', async () => {
    const e = 'ent-repeat';
    const first = await moveStock(scratch.db, [move(e, 'B', 'RECEIVED', 4, 'rep-1')]);
    const again = await moveStock(scratch.db, [move(e, 'B', 'RECEIVED', 4, 'rep-1')]);
    expect([first.applied, again.applied]).toEqual([1, 0]);
    expect(await balance(e, 'B')).toMatchObject({ onHand: '4' });
  });

  it('lets exactly as many racing orders reserve as there are units', async () => {
    const e = 'ent-race';
    await moveStock(scratch.db, [move(e, 'C', 'RECEIVED', 5, 'race-in')]);
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => moveStock(scratch.db, [move(e, 'C', 'RESERVED', 1, `race-${i}`)])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InsufficientStock);
    expect(await balance(e, 'C')).toMatchObject({ onHand: '5', reserved: '5', available: '0' });
  });

  it('applies a multi-line reservation all or nothing', async () => {
    const e = 'ent-batch';
    await moveStock(scratch.db, [move(e, 'D', 'RECEIVED', 2, 'b-in-d'), move(e, 'E', 'RECEIVED', 1, 'b-in-e')]);
    const err = await moveStock(scratch.db, [move(e, 'D', 'RESERVED', 2, 'b-o-d'), move(e, 'E', 'RESERVED', 2, 'b-o-e')]).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InsufficientStock);
    expect(err).toMatchObject({ sku: 'E', available: '1', wanted: '2' });
    expect(await balance(e, 'D')).toMatchObject({ reserved: '0', available: '2' });
    expect(await scratch.db.stockMovement.count({ where: { eventKey: 'b-o-d' } })).toBe(0);
  });

  it('refuses to sell or release more than there is', async () => {
    const e = 'ent-guard';
    await moveStock(scratch.db, [move(e, 'F', 'RECEIVED', 1, 'g-in')]);
    await expect(moveStock(scratch.db, [move(e, 'F', 'SOLD', 2, 'g-sold')])).rejects.toBeInstanceOf(InsufficientStock);
    await expect(moveStock(scratch.db, [move(e, 'F', 'UNRESERVED', 1, 'g-unres')])).rejects.toBeInstanceOf(InsufficientStock);
    await expect(moveStock(scratch.db, [move(e, 'F', 'RECEIVED', 0, 'g-zero')])).rejects.toThrow(/positive decimal/);
  });
});
