import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, interest, interestBetween } from './interest.js';

describe('interest by day count', () => {
  it('counts actual days, the first day in and the last out, leap day included', () => {
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2026-12-20', 15)).toBe('2027-01-04');
    expect(() => daysBetween('2026-02-01', '2026-01-01')).toThrow(RangeError);
  });

  it('charges CNY on a 360-day year and GBP on 365 unless the offer names a convention', () => {
    // CNY 1,000,000.00 at 3.60 % for 90 days: 100,000,000 × 0.036 × 90 / 360 = 900,000 fen
    expect(interestBetween({ principal: 100_000_000, annualRateBp: 360, from: '2026-01-01', to: '2026-04-01', currency: 'CNY' })).toBe(900_000);
    // GBP 10,000.00 at 5 % for 73 days on ACT/365F: 1,000,000 × 0.05 × 73 / 365 = 10,000 pence
    expect(interestBetween({ principal: 1_000_000, annualRateBp: 500, from: '2026-01-01', to: '2026-03-15', currency: 'GBP' })).toBe(10_000);
    expect(interestBetween({ principal: 100_000_000, annualRateBp: 365, from: '2026-01-01', to: '2026-01-02', currency: 'CNY', dayCount: 'ACT/365F' })).toBe(10_000);
  });

  it('rounds half to even once, at the end', () => {
    // principal × bp × days / 3,600,000: 0.5 → 0, 2.5 → 2, 1.5 → 2 (to the even neighbour), 2.75 → 3
    expect(interest({ principal: 1_000, annualRateBp: 1_800, days: 1, dayCount: 'ACT/360' })).toBe(0);
    expect(interest({ principal: 500, annualRateBp: 3_600, days: 5, dayCount: 'ACT/360' })).toBe(2);
    expect(interest({ principal: 300, annualRateBp: 3_600, days: 5, dayCount: 'ACT/360' })).toBe(2);
    expect(interest({ principal: 550, annualRateBp: 3_600, days: 5, dayCount: 'ACT/360' })).toBe(3);
  });

  it('never falls as days, rate or principal grow', () => {
    const arb = fc.record({
      principal: fc.integer({ min: 0, max: 10 ** 12 }),
      annualRateBp: fc.integer({ min: 0, max: 5_000 }),
      days: fc.integer({ min: 0, max: 3_650 }),
      dayCount: fc.constantFrom('ACT/360' as const, 'ACT/365F' as const),
    });
    fc.assert(fc.property(arb, fc.integer({ min: 0, max: 400 }), (x, more) => {
      const base = interest(x);
      expect(interest({ ...x, days: x.days + more })).toBeGreaterThanOrEqual(base);
      expect(interest({ ...x, annualRateBp: x.annualRateBp + more })).toBeGreaterThanOrEqual(base);
      expect(interest({ ...x, principal: x.principal + more })).toBeGreaterThanOrEqual(base);
      expect(interest({ ...x, days: 0 })).toBe(0);
    }));
  });
});
