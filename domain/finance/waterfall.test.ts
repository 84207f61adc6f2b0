import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repaymentWaterfall, shortfallDueDate } from './waterfall.js';

const minor = fc.integer({ min: 0, max: 10 ** 13 });

describe('repayment waterfall', () => {
  it('pays fees, then interest, then principal, and gives the rest to the enterprise', () => {
    expect(repaymentWaterfall(1_000_000, { fees: 5_000, interest: 20_000, principal: 800_000 })).toEqual({
      toLender: { fees: 5_000, interest: 20_000, principal: 800_000, total: 825_000 },
      toEnterprise: 175_000,
      shortfall: { fees: 0, interest: 0, principal: 0, total: 0 },
    });
  });

  it('leaves a shortfall, principal first to go unpaid, when the proceeds are short', () => {
    expect(repaymentWaterfall(15_000, { fees: 5_000, interest: 20_000, principal: 800_000 })).toEqual({
      toLender: { fees: 5_000, interest: 10_000, principal: 0, total: 15_000 },
      toEnterprise: 0,
      shortfall: { fees: 0, interest: 10_000, principal: 800_000, total: 810_000 },
    });
  });

  it('conserves money to the minor unit and never goes negative', () => {
    fc.assert(fc.property(minor, fc.record({ fees: minor, interest: minor, principal: minor }), (received, due) => {
      const w = repaymentWaterfall(received, due);
      expect(w.toLender.total + w.toEnterprise).toBe(received);
      expect(w.toLender.fees + w.shortfall.fees).toBe(due.fees);
      expect(w.toLender.interest + w.shortfall.interest).toBe(due.interest);
      expect(w.toLender.principal + w.shortfall.principal).toBe(due.principal);
      for (const v of [...Object.values(w.toLender), w.toEnterprise, ...Object.values(w.shortfall)]) expect(v).toBeGreaterThanOrEqual(0);
      // the enterprise is paid only after the lender in full; a shortfall only when nothing is left
      expect(w.toEnterprise > 0 ? w.shortfall.total === 0 : true).toBe(true);
      expect(w.shortfall.total > 0 ? w.toEnterprise === 0 : true).toBe(true);
    }));
  });

  it('makes a shortfall due after the grace days, not after maturity, at once when the event is late', () => {
    expect(shortfallDueDate('2026-03-01', 30, '2026-06-30')).toBe('2026-03-31');
    expect(shortfallDueDate('2026-06-15', 30, '2026-06-30')).toBe('2026-06-30');
    expect(shortfallDueDate('2026-07-10', 30, '2026-06-30')).toBe('2026-07-10');
  });
});
