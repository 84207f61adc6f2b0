import { describe, expect, it } from 'vitest';
import { copNo, fnv1a64, isActionable, isRejection, receiptNeedsSignal, receiptRank } from './customs.js';
import { scaled, DAY, HOUR } from './time.js';
import { ShipmentCreate } from './shipment.schema.js';
import { shipmentGoodsValue } from './shipment.js';
import { effectKey } from './idempotency.js';

describe('customs receipts', () => {
  it('treats 100, 4 and negative statuses as rejections, nothing else', () => {
    expect(['100', '4', '-301010', '-1'].map(isRejection)).toEqual([true, true, true, true]);
    expect(['2', '120', '500', '800', '899', '1003'].map(isRejection)).toEqual([false, false, false, false, false, false]);
  });

  it('ranks receipts so that late, out-of-order ones do not move a document backwards', () => {
    const order = ['2', '120', '500', '800', '899'].map(receiptRank);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(receiptRank('800')).toBeGreaterThan(receiptRank('120'));
  });

  it('acts only on statuses that change something', () => {
    expect(isActionable('1003')).toBe(false);
    expect(isActionable('3')).toBe(false);
    expect(isActionable('800')).toBe(true);
  });

  it('gives each document revision a stable copNo within C..30', () => {
    const id = `shipment:ent-1:${'X'.repeat(60)}`;
    const a = copNo(id, 'INVENTORY', 0);
    expect(a).toBe(copNo(id, 'INVENTORY', 0));
    expect(a).not.toBe(copNo(id, 'INVENTORY', 1));
    expect(a).not.toBe(copNo(id, 'ARRIVAL', 0));
    expect(a.length).toBeLessThanOrEqual(30);
    expect(fnv1a64('a')).not.toBe(fnv1a64('b'));
  });

  it('derives idempotency keys from workflow id, step and revision', () => {
    expect(effectKey('shipment:e:1', 'CEB603Message', 2)).toBe('shipment:e:1:CEB603Message:r2');
  });
});

describe('which receipts are signalled to the shipment', () => {
  /** Feeds receipts in order, keeping the highest signalled rank as the callback route does. */
  const signalled = (docType: Parameters<typeof receiptNeedsSignal>[0], statuses: string[]) => {
    let rank = 0;
    return statuses.filter((s) => {
      if (!receiptNeedsSignal(docType, s, rank)) return false;
      rank = Math.max(rank, receiptRank(s));
      return true;
    });
  };

  it('signals the export inventory at logic check, release and closure, not its acceptance or conclusion', () => {
    expect(signalled('INVENTORY', ['2', '120', '399', '800', '899'])).toEqual(['120', '800', '899']);
  });

  it('signals an order or waybill once accepted, not again at the logic check', () => {
    expect(signalled('ORDER', ['2', '120'])).toEqual(['2']);
    expect(signalled('WAYBILL', ['2', '120'])).toEqual(['2']);
  });

  it('signals the first receipt that reaches an awaited status when they arrive out of order', () => {
    expect(signalled('ORDER', ['120', '2'])).toEqual(['120']);
    expect(signalled('INVENTORY', ['800', '2', '120', '899'])).toEqual(['800', '899']);
  });

  it('always signals rejections and inspections', () => {
    expect(signalled('INVENTORY', ['2', '120', '100', '500', '-301010'])).toEqual(['120', '100', '500', '-301010']);
    expect(signalled('ORDER', ['2', '100'])).toEqual(['2', '100']);
  });

  it('signals every receipt of a document it has no rule for', () => {
    expect(signalled('SUMMARY', ['2', '120'])).toEqual(['2', '120']);
  });
});

describe('business time', () => {
  it('shrinks days to seconds by the time scale, with a floor', () => {
    expect(scaled(DAY, 86_400)).toBe(1000);
    expect(scaled(HOUR, 1)).toBe(HOUR);
    expect(scaled(1, 1e6)).toBe(10);
    expect(() => scaled(DAY, 0)).toThrow(RangeError);
  });
});

describe('shipment schema', () => {
  const valid = {
    mode: '9610', orderNo: 'A-1', corridor: 'CR_EXPRESS_CHENGDU', currency: 'USD',
    platform: { code: 'P000000003', name: 'Shop' }, logistics: { code: 'L000000003', name: 'Carrier', waybillNo: 'WB1' },
    destination: { country: '304', port: 'DEU' }, freight: 0, insuredFee: 0, grossWeightKg: 1, netWeightKg: 0.8, packages: 1,
    items: [{ sku: 'S1', name: 'Tea', hsCode: '0902300000', model: '250g', unit: '011', legalUnit: '035', legalQty: 0.25, qty: 3, unitPrice: 1.1 }],
  };

  it('accepts a valid 9610 export and sums its goods value exactly', () => {
    const parsed = ShipmentCreate.parse(valid);
    expect(shipmentGoodsValue(parsed)).toBe(3.3);
  });

  it('names the field at fault', () => {
    const r = ShipmentCreate.safeParse({ ...valid, items: [{ ...valid.items[0], unitPrice: 1.123456 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['items', 0, 'unitPrice']);
    const dup = ShipmentCreate.safeParse({ ...valid, items: [valid.items[0], valid.items[0]] });
    expect(dup.error?.issues[0]?.path).toEqual(['items', 1, 'sku']);
  });
});
