import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interest } from './interest.js';
import { convert } from './money.js';
import { accrueInterest, applyReceipt, balances, emptyLedger, isBalanced, LedgerConflict, LedgerOverdrawn, outstanding, post, writeOffOutstanding, type LoanLedger } from './ledger.js';

const loan = 'loan:ent-dazhou-demo:L-0001';
const on = '2026-03-01';

function disbursed(principal: number): LoanLedger {
  return post(emptyLedger(loan, 'CNY'), { key: `${loan}:disburse`, kind: 'DISBURSED', principal, on }).ledger;
}

describe('loan ledger', () => {
  it('closes a loan repaid from FX proceeds: the lender paid in full, the rest to the enterprise', () => {
    let l = disbursed(800_000_00);
    l = post(l, { key: `${loan}:fee`, kind: 'FEE_CHARGED', fees: 800_00, on }).ledger;
    const accrued = interest({ principal: 800_000_00, annualRateBp: 450, days: 60, dayCount: 'ACT/360' });
    l = post(l, { key: `${loan}:interest:2026-04-30`, kind: 'INTEREST_ACCRUED', interest: accrued, on: '2026-04-30' }).ledger;
    const r = applyReceipt(l, `${loan}:repay:fx-1`, 1_000_000_00, '2026-04-30');
    expect(accrued).toBe(6_000_00);
    expect(r.waterfall.toLender).toEqual({ fees: 800_00, interest: 6_000_00, principal: 800_000_00, total: 806_800_00 });
    expect(r.waterfall.toEnterprise).toBe(193_200_00);
    expect(outstanding(r.ledger).total).toBe(0);
    expect(balances(r.ledger).principal).toEqual({ charged: 800_000_00, repaid: 800_000_00, writtenOff: 0, outstanding: 0 });
  });

  it('closes a 9710 loan from USD proceeds settled at the bank’s rate: interest accrued once, the rest to the enterprise', () => {
    let l = disbursed(700_000_00); // CNY 700,000.00 on 2026-03-01
    l = post(l, { key: `${loan}:fee`, kind: 'FEE_CHARGED', fees: 700_00, on }).ledger;
    const settled = convert(140_000_00, 'USD', 'CNY', '7.082250'); // USD 140,000.00 → CNY 991,515.00
    expect(settled.minor).toBe(991_515_00);
    const accrued = accrueInterest(l, { annualRateBp: 450, dayCount: 'ACT/360' }, '2026-05-30'); // 90 days
    expect(accrued.interest).toBe(7_875_00);
    expect(accrueInterest(accrued.ledger, { annualRateBp: 450, dayCount: 'ACT/360' }, '2026-05-30')).toMatchObject({ posted: false, interest: 7_875_00 });
    const r = applyReceipt(accrued.ledger, `${loan}:repay:fx`, settled.minor, '2026-05-30');
    expect(r.waterfall.toLender.total).toBe(700_000_00 + 700_00 + 7_875_00);
    expect(r.waterfall.toEnterprise).toBe(991_515_00 - 708_575_00);
    expect(outstanding(r.ledger).total).toBe(0);
    expect(isBalanced(balances(r.ledger))).toBe(true);
  });

  it('posts nothing twice: the same key again is a no-op, the same key with other amounts is refused', () => {
    const l = disbursed(100_000);
    const again = post(l, { key: `${loan}:disburse`, kind: 'DISBURSED', principal: 100_000, on });
    expect(again).toEqual({ ledger: l, posted: false });
    expect(() => post(l, { key: `${loan}:disburse`, kind: 'DISBURSED', principal: 200_000, on })).toThrow(LedgerConflict);
    const first = applyReceipt(l, `${loan}:repay:1`, 30_000, on);
    const retried = applyReceipt(first.ledger, `${loan}:repay:1`, 30_000, on);
    expect(retried.posted).toBe(false);
    expect(retried.waterfall).toEqual(first.waterfall);
    expect(outstanding(retried.ledger).principal).toBe(70_000);
  });

  it('refuses to repay or write off more than is owed', () => {
    expect(() => post(disbursed(100), { key: 'k', kind: 'REPAID', fees: 0, interest: 0, principal: 101, on })).toThrow(LedgerOverdrawn);
    expect(() => post(disbursed(100), { key: 'k', kind: 'WRITTEN_OFF', fees: 0, interest: 1, principal: 0, on })).toThrow(LedgerOverdrawn);
  });

  it('writes off the shortfall once, leaving the ledger balanced at zero outstanding', () => {
    const short = applyReceipt(disbursed(100_000), `${loan}:repay:1`, 40_000, on).ledger;
    const off = writeOffOutstanding(short, `${loan}:write-off`, '2026-05-01');
    expect(balances(off.ledger).principal).toEqual({ charged: 100_000, repaid: 40_000, writtenOff: 60_000, outstanding: 0 });
    expect(writeOffOutstanding(off.ledger, `${loan}:write-off`, '2026-05-01').posted).toBe(false);
  });

  it('balances after any sequence of steps, retried or not, and conserves every receipt', () => {
    const amount = fc.integer({ min: 0, max: 10 ** 9 });
    const step = fc.oneof(
      fc.record({ op: fc.constant('disburse' as const), n: fc.nat(5), amount }),
      fc.record({ op: fc.constant('fee' as const), n: fc.nat(5), amount }),
      fc.record({ op: fc.constant('interest' as const), n: fc.nat(5), amount }),
      fc.record({ op: fc.constant('receipt' as const), n: fc.nat(5), amount }),
      fc.record({ op: fc.constant('write-off' as const), n: fc.nat(5), amount }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      let l = emptyLedger(loan, 'USD');
      const receipts = new Map<string, { received: number; toLender: number; toEnterprise: number }>();
      for (const s of steps) {
        const key = `${s.op}:${s.n}`;
        try {
          if (s.op === 'disburse') l = post(l, { key, kind: 'DISBURSED', principal: s.amount, on }).ledger;
          else if (s.op === 'fee') l = post(l, { key, kind: 'FEE_CHARGED', fees: s.amount, on }).ledger;
          else if (s.op === 'interest') l = post(l, { key, kind: 'INTEREST_ACCRUED', interest: s.amount, on }).ledger;
          else if (s.op === 'write-off') l = writeOffOutstanding(l, key, on).ledger;
          else {
            const r = applyReceipt(l, key, s.amount, on);
            l = r.ledger;
            const w = { received: s.amount, toLender: r.waterfall.toLender.total, toEnterprise: r.waterfall.toEnterprise };
            if (!receipts.has(key) || r.posted) receipts.set(key, w);
          }
        } catch (err) {
          if (!(err instanceof LedgerConflict)) throw err; // a reused key with other amounts: refused, nothing posted
        }
        expect(isBalanced(balances(l))).toBe(true);
      }
      expect(new Set(l.entries.map((e) => e.key)).size).toBe(l.entries.length);
      const b = balances(l);
      const repaidTotal = b.principal.repaid + b.interest.repaid + b.fees.repaid;
      const paidOut = l.entries.filter((e) => e.kind === 'REPAID').reduce((sum, e) => sum + receipts.get(e.key)!.toLender, 0);
      expect(paidOut).toBe(repaidTotal);
      for (const w of receipts.values()) expect(w.toLender + w.toEnterprise).toBe(w.received);
    }));
  });
});
