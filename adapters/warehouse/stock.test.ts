import { describe, expect, it } from 'vitest';
import { batchQty, saleAmount } from './sales.js';
import { StockLedger } from './stock.js';

describe('stock ledger', () => {
  it('keeps a running balance per warehouse and SKU through every kind of movement', () => {
    const s = new StockLedger();
    s.move('W1', [{ sku: 'A', qty: 5 }], 'RECEIVED', 'IN1', 'r1');
    s.move('W2', [{ sku: 'A', qty: 1 }], 'RECEIVED', 'IN2', 'r2');
    expect(s.reserve('W1', [{ sku: 'A', qty: 3 }], 'OUT1', 'o1')).toEqual([]);
    s.move('W1', [{ sku: 'A', qty: 1 }], 'SOLD', 'B1', 'r1');
    s.move('W1', [{ sku: 'A', qty: 3 }], 'SHIPPED', 'OUT1', 'o1');
    s.move('W1', [{ sku: 'A', qty: 2 }], 'RETURNED', 'RT1', 'o1');
    expect(s.movements.filter((m) => m.warehouseCode === 'W1').map((m) => [m.kind, m.onHand, m.reserved, m.available])).toEqual([
      ['RECEIVED', 5, 0, 5], ['RESERVED', 5, 3, 2], ['SOLD', 4, 3, 1], ['SHIPPED', 1, 0, 1], ['RETURNED', 3, 0, 3],
    ]);
    expect(s.lines('W2')).toEqual([{ sku: 'A', onHand: 1, reserved: 0, available: 1 }]);
    expect(s.lines('W3', 'A')).toEqual([{ sku: 'A', onHand: 0, reserved: 0, available: 0 }]);
  });

  it('reserves all lines of an order or none', () => {
    const s = new StockLedger();
    s.move('W1', [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }], 'RECEIVED', 'IN1', 'r1');
    expect(s.reserve('W1', [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 2 }], 'OUT1', 'o1')).toEqual([{ sku: 'B', requested: 2, available: 1 }]);
    expect(s.lines('W1')).toEqual([{ sku: 'A', onHand: 2, reserved: 0, available: 2 }, { sku: 'B', onHand: 1, reserved: 0, available: 1 }]);
    expect(s.movements.map((m) => m.kind)).toEqual(['RECEIVED', 'RECEIVED']);
  });

  it('never sells or ships what is not there', () => {
    const s = new StockLedger();
    s.move('W1', [{ sku: 'A', qty: 1 }], 'RECEIVED', 'IN1', 'r1');
    s.reserve('W1', [{ sku: 'A', qty: 1 }], 'OUT1', 'o1');
    expect(() => s.move('W1', [{ sku: 'A', qty: 1 }], 'SOLD', 'B1', 'r1')).toThrow(/cannot go SOLD/);
    expect(() => s.move('W1', [{ sku: 'A', qty: 2 }], 'SHIPPED', 'OUT1', 'o1')).toThrow(/cannot go SHIPPED/);
  });
});

describe('sales arithmetic', () => {
  it('sells a share of what is left, rounded up, at least one unit', () => {
    expect([10, 7, 4, 2, 1].map((left) => batchQty(left, 0.3))).toEqual([3, 3, 2, 1, 1]);
    expect(batchQty(5, 1)).toBe(5);
    expect(batchQty(1, 0.01)).toBe(1);
  });

  it('prices qty × unit price × markup exactly, half up to cents', () => {
    expect(saleAmount(3, '12.50', '1.8')).toBe('67.50');
    expect(saleAmount(1, '99.99', '1.8')).toBe('179.98');
    expect(saleAmount(1, '0.0125', '1.2')).toBe('0.02');
    expect(saleAmount(7, '3', '2')).toBe('42.00');
    expect(saleAmount(1, '0.005', '1')).toBe('0.01');
  });
});
