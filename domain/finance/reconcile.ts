import { balances, isBalanced, type LedgerBalances, type LoanLedger } from './ledger.js';
import { sum } from './money.js';

/** The lender's account of one loan (its statement, adapters/lender GET /v1/loans/{id}), in minor units. */
export interface LenderView {
  disbursed: number;
  repaid: { fees: number; interest: number; principal: number };
  outstandingPrincipal: number;
}

export type Difference = { field: 'disbursed' | 'repaid.fees' | 'repaid.interest' | 'repaid.principal' | 'outstandingPrincipal'; platform: number; lender: number };

/**
 * Where the platform's ledger of a loan and the lender's statement disagree (none: reconciled).
 * Write-offs are the platform's record of a decision the lender's statement may not show, so the
 * lender's outstanding principal is compared with the platform's outstanding plus written off.
 */
export function reconcile(ledger: LoanLedger, lender: LenderView): Difference[] {
  const b = balances(ledger);
  const pairs: [Difference['field'], number, number][] = [
    ['disbursed', b.principal.charged, lender.disbursed],
    ['repaid.fees', b.fees.repaid, lender.repaid.fees],
    ['repaid.interest', b.interest.repaid, lender.repaid.interest],
    ['repaid.principal', b.principal.repaid, lender.repaid.principal],
    ['outstandingPrincipal', b.principal.outstanding + b.principal.writtenOff, lender.outstandingPrincipal],
  ];
  return pairs.filter(([, p, l]) => p !== l).map(([field, platform, lenderValue]) => ({ field, platform, lender: lenderValue }));
}

/** Balances summed over loans of one currency (exposure per enterprise or product, the chaos run's totals). */
export function portfolio(ledgers: readonly LoanLedger[]): { loans: number; balanced: boolean; totals: LedgerBalances } {
  const each = ledgers.map(balances);
  const currencies = new Set(ledgers.map((l) => l.currency));
  if (currencies.size > 1) throw new RangeError(`a portfolio sums one currency, got ${[...currencies].join(', ')}`);
  const bucket = (name: keyof LedgerBalances) => ({
    charged: sum(each.map((b) => b[name].charged)),
    repaid: sum(each.map((b) => b[name].repaid)),
    writtenOff: sum(each.map((b) => b[name].writtenOff)),
    outstanding: sum(each.map((b) => b[name].outstanding)),
  });
  const totals = { principal: bucket('principal'), interest: bucket('interest'), fees: bucket('fees') };
  return { loans: ledgers.length, balanced: each.every(isBalanced) && isBalanced(totals), totals };
}
