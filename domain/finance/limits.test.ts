import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceLimit } from './limits.js';
import { POOL_MIN_SHIPMENTS } from './products.js';

const released9710 = { product: 'RECEIVABLE_9710' as const, declaredValue: 1_000_000_01, released: true, departed: false, alreadyFinanced: false };

describe('advance limits per product', () => {
  it('advances up to 80 % of a released 9710 consignment, rounded down, capped by the lender', () => {
    expect(advanceLimit(released9710)).toMatchObject({ eligible: true, financedValue: 1_000_000_01, ratioBp: 8_000, limit: 800_000_00 });
    expect(advanceLimit(released9710, { ratioBp: 6_500, approvedLimit: 500_000_00 })).toMatchObject({ eligible: true, limit: 500_000_00 });
    expect(advanceLimit({ ...released9710, released: false, departed: true })).toMatchObject({ eligible: true });
  });

  it('refuses a 9710 consignment before release, one already financed, and a ratio above the product’s', () => {
    expect(advanceLimit({ ...released9710, released: false })).toMatchObject({ eligible: false, reason: 'NOT_RELEASED' });
    expect(advanceLimit({ ...released9710, alreadyFinanced: true })).toMatchObject({ eligible: false, reason: 'ALREADY_FINANCED' });
    expect(advanceLimit(released9710, { ratioBp: 9_000 })).toMatchObject({ eligible: false, reason: 'RATIO_ABOVE_PRODUCT_MAXIMUM' });
  });

  it('pools only released 9610 parcels not yet financed, and only enough of them', () => {
    const parcel = { value: 60_000, released: true, alreadyFinanced: false };
    const pool = [...Array(POOL_MIN_SHIPMENTS).fill(parcel), { ...parcel, released: false }, { ...parcel, alreadyFinanced: true }];
    expect(advanceLimit({ product: 'RECEIVABLE_9610_POOL', parcels: pool })).toMatchObject({ eligible: true, financedValue: 1_200_000, limit: 840_000 });
    expect(advanceLimit({ product: 'RECEIVABLE_9610_POOL', parcels: pool.slice(1) })).toMatchObject({ eligible: false, reason: 'POOL_TOO_SMALL' });
  });

  it('finances 9810 goods only once sold and not yet collected', () => {
    expect(advanceLimit({ product: 'RECEIVABLE_9810_SALES', reportedSales: 500_000, salesCollected: 200_000 })).toMatchObject({ eligible: true, financedValue: 300_000, limit: 240_000 });
    expect(advanceLimit({ product: 'RECEIVABLE_9810_SALES', reportedSales: 0, salesCollected: 0 })).toMatchObject({ eligible: false, reason: 'NO_UNCOLLECTED_SALES' });
  });

  it('lends against a refund only once it is filed and before it is paid', () => {
    const refund = { product: 'REFUND_BACKED' as const, refundFiled: true, refundAmount: 130_000, refundPaid: false, alreadyFinanced: false };
    expect(advanceLimit(refund)).toMatchObject({ eligible: true, limit: 117_000 });
    expect(advanceLimit({ ...refund, refundFiled: false })).toMatchObject({ eligible: false, reason: 'REFUND_NOT_FILED' });
    expect(advanceLimit({ ...refund, refundPaid: true })).toMatchObject({ eligible: false, reason: 'REFUND_ALREADY_PAID' });
  });

  it('pledges unpledged stock after its haircut; bonded stock only where customs permits', () => {
    const units = [{ qty: 10, unitValue: 10_000, pledged: false }, { qty: 5, unitValue: 10_000, pledged: true }];
    // 100,000 gross, 30 % haircut → 70,000, at 60 % → 42,000
    expect(advanceLimit({ product: 'STOCK_PLEDGE', custody: 'OVERSEAS', customsPermitsBondedPledge: false, units })).toMatchObject({ eligible: true, financedValue: 70_000, limit: 42_000 });
    expect(advanceLimit({ product: 'STOCK_PLEDGE', custody: 'BONDED', customsPermitsBondedPledge: false, units })).toMatchObject({ eligible: false, reason: 'BONDED_PLEDGE_NOT_PERMITTED' });
    expect(advanceLimit({ product: 'STOCK_PLEDGE', custody: 'BONDED', customsPermitsBondedPledge: true, units })).toMatchObject({ eligible: true, financedValue: 80_000, limit: 48_000 });
  });

  it('never advances more than the financed value or the lender’s limit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 13 }), fc.integer({ min: 0, max: 8_000 }), fc.integer({ min: 0, max: 10 ** 13 }), (value, ratioBp, approvedLimit) => {
      const r = advanceLimit({ ...released9710, declaredValue: value }, { ratioBp, approvedLimit });
      if (!r.eligible) throw new Error(r.detail);
      expect(r.limit).toBeLessThanOrEqual(Math.min(value, approvedLimit));
      expect(r.limit * 10_000).toBeLessThanOrEqual(value * ratioBp);
    }));
  });
});
