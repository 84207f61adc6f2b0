import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proRataRelease } from './pledge.js';

describe('proRataRelease', () => {
  it('releases in proportion to the principal repaid, rounding the units kept up', () => {
    const lines = [{ sku: 'A', pledged: 10, locked: 10 }, { sku: 'B', pledged: 3, locked: 3 }];
    // 40 % repaid: A keeps ⌈6⌉ = 6, B keeps ⌈1.8⌉ = 2
    expect(proRataRelease(lines, 100_000, 60_000)).toEqual([{ sku: 'A', qty: 4 }, { sku: 'B', qty: 1 }]);
    expect(proRataRelease(lines, 100_000, 100_000)).toEqual([]);
    expect(proRataRelease(lines, 100_000, 0)).toEqual([{ sku: 'A', qty: 10 }, { sku: 'B', qty: 3 }]);
  });

  it('never releases what was already released or reported sold', () => {
    expect(proRataRelease([{ sku: 'A', pledged: 10, locked: 5 }], 1_000, 600)).toEqual([]);
    expect(proRataRelease([{ sku: 'A', pledged: 10, locked: 5 }], 1_000, 300)).toEqual([{ sku: 'A', qty: 2 }]);
  });

  it('keeps at least the outstanding share locked and releases everything once repaid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (pledged, disbursed, share) => {
        const outstanding = Math.floor(disbursed * share);
        const [r] = proRataRelease([{ sku: 'X', pledged, locked: pledged }], disbursed, outstanding);
        const kept = pledged - (r?.qty ?? 0);
        expect(kept * disbursed).toBeGreaterThanOrEqual(pledged * outstanding);
        expect((kept - 1) * disbursed).toBeLessThan(pledged * outstanding);
        if (outstanding === 0) expect(kept).toBe(0);
      }),
    );
  });
});
