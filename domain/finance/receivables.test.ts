import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advanceLimit } from './limits.js';
import { batchRef, declaredValueOfUnits, receivableBasis, receivableFacts, receivableProceeds, type ReceivableShipment, type TimelineEvent } from './receivables.js';

// The texts as workflows/shipment/fx.ts and overseas.ts write them on the timeline.
const at = '2026-03-02T02:00:00.000Z';
const ev = (seq: number, type: string, info: string): TimelineEvent => ({ seq, type, info, at });
const items = [{ sku: 'DZ-TEA-001', qty: 120, unitPrice: 18.9 }, { sku: 'DZ-BAMBOO-7', qty: 40, unitPrice: 25 }];
const released = [ev(5, 'RELEASED', 'released; loading for departure')];
const sold1 = ev(20, 'SALES_REPORTED', 'batch B1: DZ-TEA-001 ×60, DZ-BAMBOO-7 ×20 sold for 2450.00 EUR');
const settled1 = ev(24, 'FX_SETTLED', 'settled 2450.00 EUR → 19110.00 CNY at 7.8000');
const sold2 = ev(26, 'SALES_REPORTED', 'batch B2: DZ-TEA-001 ×60 sold for 1500.00 EUR');
const shipment = (events: TimelineEvent[], over: Partial<ReceivableShipment> = {}): ReceivableShipment => ({ shipmentId: 's1', mode: '9810', ended: false, valueFen: 495_000, items, events, financedElsewhere: [], ...over });

describe('receivables from the shipment timeline', () => {
  it('reads release, sales batches and the settlement of each, in order', () => {
    const f = receivableFacts([sold2, settled1, ...released, sold1, ev(21, 'FUNDS_RECEIVED', '2450.00 EUR received (BR1)')]);
    expect(f.released).toBe(true);
    expect(f.batches).toEqual([
      { seq: 20, units: [{ sku: 'DZ-TEA-001', qty: 60 }, { sku: 'DZ-BAMBOO-7', qty: 20 }], settled: { seq: 24, on: '2026-03-02', cny: 1_911_000, foreign: '2450.00', currency: 'EUR', rate: '7.8000' } },
      { seq: 26, units: [{ sku: 'DZ-TEA-001', qty: 60 }] },
    ]);
    expect(f.settled).toBeUndefined();
  });

  it('takes a CNY receipt as its settlement (no FX_SETTLED for CNY proceeds)', () => {
    expect(receivableFacts([ev(30, 'FUNDS_RECEIVED', '4812.50 CNY received (BR9)')]).settled).toMatchObject({ cny: 481_250, rate: '1', on: '2026-03-02' });
  });

  it('values sold units at their share of the declared CNY value, rounded down', () => {
    // half the goods value sold: half the declared value
    expect(declaredValueOfUnits(495_000, items, [{ sku: 'DZ-TEA-001', qty: 60 }, { sku: 'DZ-BAMBOO-7', qty: 20 }])).toBe(247_500);
    expect(declaredValueOfUnits(495_000, items, [{ sku: 'DZ-TEA-001', qty: 1 }])).toBe(Math.floor((495_000 * 18.9) / 3268));
    expect(declaredValueOfUnits(495_000, items, [{ sku: 'UNKNOWN', qty: 5 }])).toBe(0);
  });

  it('finances 9810 batches sold and not yet collected, nor financed by another loan', () => {
    const { basis, refs } = receivableBasis('RECEIVABLE_9810_SALES', [shipment([...released, sold1, settled1, sold2])]);
    expect(refs).toEqual([batchRef('s1', 26)]);
    expect(advanceLimit(basis)).toMatchObject({ eligible: true, financedValue: declaredValueOfUnits(495_000, items, [{ sku: 'DZ-TEA-001', qty: 60 }]) });
    const taken = receivableBasis('RECEIVABLE_9810_SALES', [shipment([...released, sold1, settled1, sold2], { financedElsewhere: [batchRef('s1', 26)] })]);
    expect(advanceLimit(taken.basis)).toMatchObject({ eligible: false, reason: 'NO_UNCOLLECTED_SALES' });
    expect(advanceLimit(receivableBasis('RECEIVABLE_9810_SALES', [shipment(released)]).basis)).toMatchObject({ eligible: false, reason: 'NO_UNCOLLECTED_SALES' });
  });

  it('finances a 9710 consignment after release, not once collected or financed', () => {
    const s = shipment(released, { mode: '9710', valueFen: 480_000 });
    expect(advanceLimit(receivableBasis('RECEIVABLE_9710', [s]).basis)).toMatchObject({ eligible: true, financedValue: 480_000, limit: 384_000 });
    expect(advanceLimit(receivableBasis('RECEIVABLE_9710', [{ ...s, events: [] }]).basis)).toMatchObject({ eligible: false, reason: 'NOT_RELEASED' });
    expect(advanceLimit(receivableBasis('RECEIVABLE_9710', [{ ...s, events: [...released, ev(9, 'FX_SETTLED', 'settled 672.50 USD → 4800.00 CNY at 7.1375')] }]).basis)).toMatchObject({ eligible: false, reason: 'ALREADY_COLLECTED' });
    expect(advanceLimit(receivableBasis('RECEIVABLE_9710', [{ ...s, financedElsewhere: ['s1'] }]).basis)).toMatchObject({ eligible: false, reason: 'ALREADY_FINANCED' });
  });

  it('pools released 9610 parcels with a CNY value, leaving out the others', () => {
    const parcel = (id: string, over: Partial<ReceivableShipment> = {}) => shipment(released, { shipmentId: id, mode: '9610', valueFen: 60_000, ...over });
    const pool = [...Array.from({ length: 20 }, (_, i) => parcel(`p${i}`)), parcel('foreign', { valueFen: null }), parcel('waiting', { events: [] })];
    const { basis, refs } = receivableBasis('RECEIVABLE_9610_POOL', pool);
    expect(refs).toHaveLength(20);
    expect(advanceLimit(basis)).toMatchObject({ eligible: true, financedValue: 1_200_000 });
  });

  it('knows when the financed proceeds have all settled, are still to come, or are lost', () => {
    const s = shipment([...released, sold1, settled1, sold2]);
    expect(receivableProceeds([batchRef('s1', 20)], [s])).toEqual({ state: 'SETTLED', cny: 1_911_000, on: '2026-03-02' });
    expect(receivableProceeds([batchRef('s1', 20), batchRef('s1', 26)], [s])).toEqual({ state: 'PENDING' });
    expect(receivableProceeds([batchRef('s1', 26)], [{ ...s, ended: true }])).toEqual({ state: 'LOST', ref: batchRef('s1', 26) });
    const t = shipment([...released, ev(9, 'FX_SETTLED', 'settled 672.50 USD → 4800.00 CNY at 7.1375')], { shipmentId: 't', mode: '9710' });
    expect(receivableProceeds(['t'], [t])).toMatchObject({ state: 'SETTLED', cny: 480_000 });
  });

  it('parses the texts the shipment workflow writes (a change there must change the parser)', () => {
    const source = (path: string) => readFileSync(new URL(`../../workflows/shipment/${path}`, import.meta.url), 'utf8');
    expect(source('fx.ts')).toContain("run.record('FX_SETTLED', `settled ${funds.amount} ${funds.currency} → ${settled.cnyAmount} CNY at ${settled.rate}`)");
    expect(source('fx.ts')).toContain("run.record('FUNDS_RECEIVED', `${funds.amount} ${funds.currency} received (${funds.bankRef})`)");
    expect(source('overseas.ts')).toContain("run.record('SALES_REPORTED', `batch ${batch.batchNo ?? ''}: ${lines.map((l) => `${l.sku} ×${l.qty}`).join(', ')} sold for ${amount}");
  });
});
