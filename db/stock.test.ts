import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { InsufficientStock, moveStock, pledgeLinesOf, StockPledged, stockOf, type StockMovementInput } from './stock.js';

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

  it('locks pledged units: no order reserves them until released, and pledging needs free units', async () => {
    const e = 'ent-pledge';
    const pledge = (sku: string, kind: StockMovementInput['kind'], qty: number, eventKey: string): StockMovementInput => ({ ...move(e, sku, kind, qty, eventKey), reference: 'pledge:P1' });
    await moveStock(scratch.db, [move(e, 'P', 'RECEIVED', 10, 'p-in')]);
    await moveStock(scratch.db, [pledge('P', 'PLEDGED', 8, 'p-lock')]);
    expect(await balance(e, 'P')).toMatchObject({ onHand: '10', reserved: '0', pledged: '8', available: '2' });
    const refused = await moveStock(scratch.db, [move(e, 'P', 'RESERVED', 3, 'p-o1')]).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(StockPledged);
    expect(refused).toMatchObject({ code: 'STOCK_PLEDGED', available: '2', pledged: '8', wanted: '3' });
    await moveStock(scratch.db, [move(e, 'P', 'RESERVED', 2, 'p-o2')]);
    // a second pledge finds nothing free; the refused batch left nothing behind
    await expect(moveStock(scratch.db, [pledge('P', 'PLEDGED', 1, 'p-lock2')])).rejects.toBeInstanceOf(InsufficientStock);
    await moveStock(scratch.db, [pledge('P', 'PLEDGE_RELEASED', 3, 'p-rel'), pledge('P', 'PLEDGE_RELEASED', 3, 'p-rel')]);
    expect(await balance(e, 'P')).toMatchObject({ pledged: '5', available: '3' });
    await moveStock(scratch.db, [move(e, 'P', 'RESERVED', 3, 'p-o3')]);
    await expect(moveStock(scratch.db, [pledge('P', 'PLEDGE_RELEASED', 6, 'p-rel-too-many')])).rejects.toBeInstanceOf(InsufficientStock);
    expect(await pledgeLinesOf(scratch.db, 'pledge:P1')).toEqual([{ sku: 'P', locked: '5', pledged: '8', released: '3', breached: '0' }]);
  });

  it('records a sale the warehouse reports out of pledged units, as a breach of the oldest pledge first', async () => {
    const e = 'ent-breach';
    const lock = (ref: string, qty: number) => ({ ...move(e, 'S', 'PLEDGED', qty, `${ref}-lock`), reference: ref });
    await moveStock(scratch.db, [move(e, 'S', 'RECEIVED', 10, 's-in')]);
    await moveStock(scratch.db, [lock('pledge:A', 4)]);
    await moveStock(scratch.db, [lock('pledge:B', 4)]);
    const sold = await moveStock(scratch.db, [move(e, 'S', 'SOLD', 7, 's-sold')]);
    // 2 free units, then 4 of pledge A and 1 of pledge B
    expect(sold.breaches).toEqual([
      { pledgeId: 'pledge:A', sku: 'S', qty: '4', eventKey: 's-sold:breach:pledge:A' },
      { pledgeId: 'pledge:B', sku: 'S', qty: '1', eventKey: 's-sold:breach:pledge:B' },
    ]);
    expect(await balance(e, 'S')).toMatchObject({ onHand: '3', pledged: '3', available: '0' });
    expect((await pledgeLinesOf(scratch.db, 'pledge:A'))[0]).toMatchObject({ locked: '0', breached: '4' });
    expect((await pledgeLinesOf(scratch.db, 'pledge:B'))[0]).toMatchObject({ locked: '3', breached: '1' });
    // the same report again changes nothing
    expect(await moveStock(scratch.db, [move(e, 'S', 'SOLD', 7, 's-sold')])).toEqual({ applied: 0, breaches: [] });
    // more than is there is still refused
    await expect(moveStock(scratch.db, [move(e, 'S', 'SOLD', 4, 's-sold-2')])).rejects.toBeInstanceOf(InsufficientStock);
  });
});
