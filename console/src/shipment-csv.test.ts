import { describe, expect, it } from 'vitest';
import { readShipmentsCsv } from './shipment-csv.js';
import example from '../../examples/shipments.csv?raw';

const header = example.split('\n')[0]!;
const exampleRow = (orderNo: string) => example.split('\n').find((l) => l.includes(`,${orderNo},`))!;

describe('readShipmentsCsv', () => {
  it('reads the example file into one shipment per order number, in all four modes, each line an item', () => {
    const file = readShipmentsCsv(`\uFEFF${example}`);
    expect(file.errors).toEqual([]);
    expect(file.rows).toBe(7);
    expect(file.orders.map((o) => [o.orderNo, o.body?.mode, o.rows, o.body?.items.length, o.errors])).toEqual([
      ['DZ-CSV-0001', '9610', [2, 3], 2, []],
      ['DZ-CSV-0002', '9710', [4], 1, []],
      ['DZ-CSV-0003', '9810', [5, 6], 2, []],
      ['DZ-CSV-0004', '1210', [7, 8], 2, []],
    ]);
    const b2b = file.orders[1]!.body!;
    expect(b2b).toMatchObject({ buyer: { name: 'Müller Handels GmbH', country: '304' }, declaredValueCny: 4800, refundClaim: true, freight: 12.5 });
    expect(file.orders[3]!.body).toMatchObject({ payment: { amountPaid: 1353.36, payer: { name: '张三' } }, items: [{ vatRateBp: 1300 }, { consumptionTaxRateBp: 1500 }] });
  });

  it('says on which row and column each problem is, and keeps the valid shipments', () => {
    const good = exampleRow('DZ-CSV-0002');
    const badHs = exampleRow('DZ-CSV-0002').replace('DZ-CSV-0002', 'BAD-1').replace('8507600010', '85076');
    const cells = header.split(',');
    const wrongWeight = good.split(',').map((c, i) => (cells[i] === 'grossWeightKg' ? 'heavy' : c)).join(',').replace('DZ-CSV-0002', 'BAD-2');
    const foreign = good.split(',').map((c, i) => (cells[i] === 'warehouse.code' ? 'DE-DUI-01' : c)).join(',').replace('DZ-CSV-0002', 'BAD-3');
    const secondLineDiffers = good.replace('DZ-CSV-0002', 'BAD-4').replace('Müller Handels GmbH', 'Other GmbH');
    const csv = [header, good, badHs, wrongWeight, '', foreign, good.replace('DZ-CSV-0002', 'BAD-4'), secondLineDiffers, good.replace('DZ-CSV-0002', ''), good.replace(/^9710/, '9999').replace('DZ-CSV-0002', 'BAD-5')].join('\n');
    const file = readShipmentsCsv(csv);
    expect(file.orders.filter((o) => o.body).map((o) => o.orderNo)).toEqual(['DZ-CSV-0002']);
    const errors = [...file.errors, ...file.orders.flatMap((o) => o.errors)].map((e) => [e.row, e.field, e.message]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [3, 'item.hsCode', '10-digit HS code'],
        [4, 'grossWeightKg', 'not a number: heavy'],
        [6, 'warehouse.code', 'not a field of mode 9710: leave it empty'],
        [8, 'buyer.name', 'differs from row 7, the first row of order BAD-4'],
        [9, 'orderNo', 'required: rows are grouped into shipments by their order number'],
        [10, 'mode', 'one of 9610, 9710, 9810, 1210'],
      ]),
    );
    // the blank line 5 is skipped, and two rows of BAD-4 are one shipment with two items
    expect(file.orders.find((o) => o.orderNo === 'BAD-4')?.rows).toEqual([7, 8]);
  });

  it('names a column it does not know', () => {
    expect(readShipmentsCsv('mode,orderNo,colour\n9610,A-1,red\n').errors).toContainEqual({ row: 1, field: 'colour', message: 'unknown column' });
  });
});
