import { describe, expect, it } from 'vitest';
import { advanceLimit } from './limits.js';
import { parcelNow, parcelProblem, poolShortfall, sweepPool, sweepReceipt } from './pool.js';
import { POOL_MIN_SHIPMENTS, POOL_MIN_VALUE_FEN } from './products.js';
import { receivableBasis, type ReceivableShipment, type TimelineEvent } from './receivables.js';

// The texts as workflows/shipment/fx.ts writes them (receivables.test.ts pins them to the source).
const ev = (seq: number, type: string, info: string, at = '2026-03-02T02:00:00.000Z'): TimelineEvent => ({ seq, type, info, at });
const released = ev(5, 'RELEASED', 'released; loading for departure');
const paid = (cny: string, at?: string) => ev(9, 'FUNDS_RECEIVED', `${cny} CNY received (BR1)`, at);
const parcel = (id: string, over: Partial<ReceivableShipment> = {}): ReceivableShipment => ({ shipmentId: id, mode: '9610', ended: false, valueFen: 60_000, items: [], events: [released], financedElsewhere: [], ...over });
const pool = (n: number) => Array.from({ length: n }, (_, i) => parcel(`p${i}`));

describe('a 9610 pool: which parcels may join', () => {
  it('takes a released CNY-valued parcel still under way, not yet collected nor financed', () => {
    expect(parcelProblem(parcel('p'))).toBeUndefined();
    expect(parcelProblem(parcel('p', { events: [ev(6, 'DEPARTED', 'departed')] }))).toBeUndefined();
  });

  it('names what keeps a parcel out', () => {
    expect(parcelProblem(parcel('p', { mode: '9710' }))).toBe('WRONG_MODE');
    expect(parcelProblem(parcel('p', { events: [] }))).toBe('NOT_RELEASED');
    expect(parcelProblem(parcel('p', { events: [released, paid('600.00')] }))).toBe('ALREADY_COLLECTED');
    expect(parcelProblem(parcel('p', { ended: true }))).toBe('SHIPMENT_ENDED');
    expect(parcelProblem(parcel('p', { financedElsewhere: ['p'] }))).toBe('ALREADY_FINANCED');
    expect(parcelProblem(parcel('p', { valueFen: null }))).toBe('NO_CNY_VALUE');
  });

  it(`needs ${POOL_MIN_SHIPMENTS} parcels and CNY ${POOL_MIN_VALUE_FEN / 100} before a lender looks at it, then advances at most 70 %, rounded down`, () => {
    expect(advanceLimit(receivableBasis('RECEIVABLE_9610_POOL', pool(POOL_MIN_SHIPMENTS - 1)).basis)).toMatchObject({ eligible: false, reason: 'POOL_TOO_SMALL' });
    const cheap = pool(POOL_MIN_SHIPMENTS).map((p) => ({ ...p, valueFen: 40_000 }));
    expect(advanceLimit(receivableBasis('RECEIVABLE_9610_POOL', cheap).basis)).toMatchObject({ eligible: false, reason: 'POOL_TOO_SMALL' });
    const odd = pool(POOL_MIN_SHIPMENTS).map((p, i) => ({ ...p, valueFen: 60_001 + i }));
    const { basis, refs } = receivableBasis('RECEIVABLE_9610_POOL', odd);
    expect(refs).toHaveLength(POOL_MIN_SHIPMENTS);
    // 20 × 600.01 + (0 + … + 19) fen = 1,200,210 fen; 70 % = 840,147 fen
    expect(advanceLimit(basis)).toMatchObject({ eligible: true, financedValue: 1_200_210, ratioBp: 7_000, limit: 840_147 });
    expect(advanceLimit(basis, { ratioBp: 6_000, approvedLimit: 500_000 })).toMatchObject({ limit: 500_000 });
  });
});

describe('a 9610 pool: repaid sweep by sweep', () => {
  const refs = ['a', 'b', 'c', 'd'];

  it('sweeps the parcels settled since the last sweep, once each, on the latest of their dates', () => {
    const now = [
      parcel('a', { events: [released, paid('612.50', '2026-03-04T01:00:00.000Z')] }),
      parcel('b', { events: [released, paid('598.00', '2026-03-05T01:00:00.000Z')] }),
      parcel('c'),
      parcel('d'),
    ];
    const first = sweepPool(refs, now.map(parcelNow), { swept: [], dropped: [] });
    expect(first).toEqual({ settled: [{ ref: 'a', cny: 61_250, on: '2026-03-04' }, { ref: 'b', cny: 59_800, on: '2026-03-05' }], dropped: [], pending: ['c', 'd'] });
    expect(sweepReceipt(first.settled)).toEqual({ cny: 121_050, on: '2026-03-05' });
    // the next day: nothing new from a and b, whatever the timeline still says
    expect(sweepPool(refs, now.map(parcelNow), { swept: ['a', 'b'], dropped: [] })).toEqual({ settled: [], dropped: [], pending: ['c', 'd'] });
  });

  it('drops a parcel that ended without its proceeds, or is gone, once', () => {
    const now = [parcel('a', { ended: true }), parcel('b'), parcel('c', { ended: true, events: [released, paid('600.00')] })];
    const sweep = sweepPool(refs, now.map(parcelNow), { swept: [], dropped: [] });
    expect(sweep.dropped).toEqual(['a', 'd']);
    expect(sweep.settled.map((s) => s.ref)).toEqual(['c']);
    expect(sweepPool(refs, now.map(parcelNow), { swept: ['c'], dropped: ['a', 'd'] })).toEqual({ settled: [], dropped: [], pending: ['b'] });
  });

  it('owes a shortfall only for the principal the parcels still pending no longer cover at the loan’s advance rate', () => {
    // CNY 7,000.00 lent on CNY 12,000.00 of parcels: each CNY 600.00 parcel backs CNY 350.00
    const [disbursed, financed] = [700_000, 1_200_000];
    // the whole pool pending covers the principal; the fee and interest ride on the proceeds' margin
    expect(poolShortfall({ principal: 700_000, total: 700_900 }, 1_200_000, disbursed, financed)).toBe(0);
    // one parcel dropped before any settled: its CNY 350.00 share is short
    expect(poolShortfall({ principal: 700_000, total: 700_900 }, 1_140_000, disbursed, financed)).toBe(35_000);
    // ten parcels settled repaid CNY 6,000.00; the nine pending (CNY 3,150.00 of cover) carry the CNY 1,000.00 left
    expect(poolShortfall({ principal: 100_000, total: 100_000 }, 540_000, disbursed, financed)).toBe(0);
    // nothing pending: everything outstanding is short, fees and interest too
    expect(poolShortfall({ principal: 12_000, total: 12_345 }, 0, disbursed, financed)).toBe(12_345);
    // the cover rounds down: never less owed than the rate gives
    expect(poolShortfall({ principal: 700_000, total: 700_000 }, 1_199_999, disbursed, financed)).toBe(1);
  });
});
