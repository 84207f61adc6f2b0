import type { CurrencyCode } from '../domain/finance/money.js';
import type { LedgerBalances } from '../domain/finance/ledger.js';
import { portfolio } from '../domain/finance/reconcile.js';
import { LoanStatus } from '../workflows/finance/contract.js';
import type { Db } from './client.js';
import { ENDED_WITHOUT_LOAN, LEDGER_ORDER, toLedgerEntry } from './finance-loans.js';

/** Loans the lender has not yet been repaid or written off in full: every status but CLOSED and those that ended without a loan. */
const ENDED: ReadonlySet<string> = new Set([LoanStatus.CLOSED, ...ENDED_WITHOUT_LOAN]);
/** A shortfall past its due date, or a pledge whose units were sold: ops follow these up. */
const IN_DEFAULT: ReadonlySet<string> = new Set([LoanStatus.OVERDUE, LoanStatus.BREACHED]);

export interface ExposureFilter {
  enterpriseId?: string | undefined;
  product?: string | undefined;
  lender?: string | undefined;
}

export interface ExposureGroup {
  enterpriseId: string;
  enterpriseName: string;
  product: string;
  lender: string;
  currency: CurrencyCode;
  loans: number;
  open: number;
  inDefault: number;
  /** Every ledger of the group balances (charged = repaid + written off + outstanding), and their sum. */
  balanced: boolean;
  totals: LedgerBalances;
}

/**
 * What the platform's loans owe their lenders, per enterprise, product, lender and currency (issue
 * 20 item 6: ops exposure), summed from each loan's own ledger by the domain's `portfolio` — the
 * same balances the loan's API view shows — with the groups summed again per currency.
 */
export async function financeExposure(db: Db, filter: ExposureFilter): Promise<{ groups: ExposureGroup[]; totals: (Omit<ExposureGroup, 'enterpriseId' | 'enterpriseName' | 'product' | 'lender'>)[] }> {
  const loans = await db.financeLoan.findMany({
    where: { ...(filter.enterpriseId ? { enterpriseId: filter.enterpriseId } : {}), ...(filter.product ? { product: filter.product } : {}), ...(filter.lender ? { lender: filter.lender } : {}) },
    select: { id: true, enterpriseId: true, product: true, lender: true, currency: true, status: true, entries: { orderBy: LEDGER_ORDER } },
  });
  const names = new Map((await db.enterprise.findMany({ where: { id: { in: [...new Set(loans.map((l) => l.enterpriseId))] } }, select: { id: true, name: true } })).map((e) => [e.id, e.name]));
  const byKey = new Map<string, typeof loans>();
  for (const loan of loans) {
    const key = JSON.stringify([loan.enterpriseId, loan.product, loan.lender, loan.currency]);
    byKey.set(key, [...(byKey.get(key) ?? []), loan]);
  }
  const summed = (members: typeof loans) => {
    const p = portfolio(members.map((l) => ({ loanId: l.id, currency: l.currency as CurrencyCode, entries: l.entries.map(toLedgerEntry) })));
    return {
      currency: members[0]!.currency as CurrencyCode,
      loans: p.loans,
      open: members.filter((l) => !ENDED.has(l.status)).length,
      inDefault: members.filter((l) => IN_DEFAULT.has(l.status)).length,
      balanced: p.balanced,
      totals: p.totals,
    };
  };
  const groups = [...byKey.values()]
    .map((members) => ({ enterpriseId: members[0]!.enterpriseId, enterpriseName: names.get(members[0]!.enterpriseId) ?? members[0]!.enterpriseId, product: members[0]!.product, lender: members[0]!.lender, ...summed(members) }))
    .sort((a, b) => b.totals.principal.outstanding - a.totals.principal.outstanding || a.enterpriseId.localeCompare(b.enterpriseId) || a.product.localeCompare(b.product) || a.lender.localeCompare(b.lender));
  const currencies = [...new Set(loans.map((l) => l.currency))].sort();
  return { groups, totals: currencies.map((c) => summed(loans.filter((l) => l.currency === c))) };
}
