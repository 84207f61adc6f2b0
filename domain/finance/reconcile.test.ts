import { describe, expect, it } from 'vitest';
import { applyReceipt, emptyLedger, post, writeOffOutstanding, type LoanLedger } from './ledger.js';
import { portfolio, reconcile } from './reconcile.js';

const on = '2026-03-01';
function loan(id: string, principal: number, received: number): LoanLedger {
  const l = post(emptyLedger(id, 'CNY'), { key: `${id}:disburse`, kind: 'DISBURSED', principal, on }).ledger;
  return applyReceipt(l, `${id}:repay`, received, on).ledger;
}

describe('reconciling loans', () => {
  it('agrees with a lender statement that shows the same money, and names each field that differs', () => {
    const l = loan('L1', 100_000, 40_000);
    const view = { disbursed: 100_000, repaid: { fees: 0, interest: 0, principal: 40_000 }, outstandingPrincipal: 60_000 };
    expect(reconcile(l, view)).toEqual([]);
    expect(reconcile(l, { ...view, repaid: { ...view.repaid, principal: 80_000 }, outstandingPrincipal: 20_000 })).toEqual([
      { field: 'repaid.principal', platform: 40_000, lender: 80_000 },
      { field: 'outstandingPrincipal', platform: 60_000, lender: 20_000 },
    ]);
    // a write-off is the platform's record: the lender still shows the principal outstanding
    expect(reconcile(writeOffOutstanding(l, 'L1:write-off', '2026-06-01').ledger, view)).toEqual([]);
  });

  it('sums loans into a portfolio that balances in total and per loan', () => {
    const p = portfolio([loan('L1', 100_000, 40_000), loan('L2', 50_000, 80_000), writeOffOutstanding(loan('L3', 30_000, 0), 'L3:off', on).ledger]);
    expect(p).toMatchObject({ loans: 3, balanced: true });
    expect(p.totals.principal).toEqual({ charged: 180_000, repaid: 90_000, writtenOff: 30_000, outstanding: 60_000 });
    expect(() => portfolio([loan('L1', 1, 0), { ...emptyLedger('U1', 'USD') }])).toThrow(RangeError);
  });
});
