import type { LedgerEntry as EffectEntry } from '../../adapters/kit/ledger.js';
import { urlVar } from '../../adapters/kit/system.js';
import { ledgerEntriesOf } from '../../db/finance-loans.js';
import { balances, isBalanced, outstanding, type LedgerEntry } from '../../domain/finance/ledger.js';
import { formatMinor, toMinor } from '../../domain/finance/money.js';
import { portfolio, reconcile, type LenderView } from '../../domain/finance/reconcile.js';
import { LoanStatus } from '../../workflows/finance/contract.js';
import type { Cluster } from './cluster.js';
import { CHAOS_LENDERS, LOAN_ENDS, type FinanceDriving } from './finance.js';

/** One loan as the platform has it: its row and its ledger entries. */
export interface LoanFacts { id: string; lender: string; status: string; reason: string | null; disbursementId: string | null; instructions: string[]; entries: LedgerEntry[] }
/** The lender's statement of one disbursement (GET /v1/loans/{id} at the lender), in minor units. */
export type Statement = LenderView & { disbursementId: string; reference: string };

/** What one lender (or all) shows at the end of the run: money in fen. */
export interface LenderFigures {
  loans: number;
  closed: number;
  /** Ended before money was lent (declined, refused, rejected, offer expired). */
  unlent: number;
  /** Effects the lender performed, one per idempotency key (its /_ledger). */
  disbursements: number;
  repayments: number;
  /** Repeated requests the lender answered from its ledger instead of acting again. */
  repeatsAbsorbed: number;
  platform: { disbursed: number; repaid: number; writtenOff: number; outstanding: number };
  lender: { disbursed: number; repaid: number; outstanding: number };
  balanced: boolean;
}

export interface FinanceFigures {
  driving: FinanceDriving;
  lenders: Record<string, LenderFigures>;
  total: LenderFigures;
  /** A loan drawn twice: two disbursements at the lender for one loan. */
  doubleDisbursements: string[];
  /** A repayment instruction performed twice, or more repayments at the lender than the loan instructed. */
  doubleRepayments: string[];
  /** Lender effects no loan of the run owns. */
  orphans: string[];
  /** Where a loan's ledger and the lender's statement disagree (or one side has a disbursement the other lacks). */
  differences: string[];
  /** Loans whose ledger does not balance, or closed with something outstanding. */
  unbalanced: string[];
  /** Loans not ended, or lent and not closed. */
  lost: string[];
}

const KEY = /^(.*):(apply|disburse|documents:\d+|repay:[^:]+)$/;
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The money checks of a run's loans, per lender and in total: every lender effect owned by a loan,
 * each loan drawn at most once and each repayment instruction performed once, every loan's ledger
 * balancing (disbursed = repaid + written off + outstanding, outstanding ≥ 0, nothing owed once
 * CLOSED) and equal to the lender's statement, every loan ended (lent ones CLOSED).
 */
export function financeChecks(driving: FinanceDriving, loans: LoanFacts[], effects: (EffectEntry & { system: string })[], statements: Statement[]): FinanceFigures {
  const byId = new Map(loans.map((l) => [l.id, l]));
  const out: Omit<FinanceFigures, 'lenders' | 'total'> = { driving, doubleDisbursements: [], doubleRepayments: [], orphans: [], differences: [], unbalanced: [], lost: [] };
  const owned = new Map<string, (EffectEntry & { system: string; step: string })[]>();
  for (const e of effects) {
    const m = KEY.exec(e.key);
    const loan = m ? byId.get(m[1]!) : undefined;
    if (!m || !loan || loan.lender !== e.system) {
      out.orphans.push(`${e.system} ${e.operation} under key ${e.key}`);
      continue;
    }
    owned.set(loan.id, [...(owned.get(loan.id) ?? []), { ...e, step: m[2]! }]);
  }
  for (const l of loans) {
    const mine = owned.get(l.id) ?? [];
    const drawn = statements.filter((s) => s.reference === l.id);
    if (mine.filter((e) => e.operation === 'disburse').length > 1 || drawn.length > 1) out.doubleDisbursements.push(`${l.id}: ${drawn.length} disbursements at ${l.lender}`);
    const repaid = mine.filter((e) => e.operation === 'repay').map((e) => e.step);
    if (repaid.length > l.instructions.length || new Set(repaid).size < repaid.length) out.doubleRepayments.push(`${l.id}: ${repaid.length} repayments at ${l.lender} for ${l.instructions.length} instruction(s)`);
    const ledger = { loanId: l.id, currency: 'CNY' as const, entries: l.entries };
    const b = balances(ledger);
    if (!isBalanced(b)) out.unbalanced.push(`${l.id}: disbursed ${b.principal.charged} ≠ repaid ${b.principal.repaid} + written off ${b.principal.writtenOff} + outstanding ${b.principal.outstanding} (or something negative)`);
    if (l.status === LoanStatus.CLOSED && outstanding(ledger).total !== 0) out.unbalanced.push(`${l.id}: CLOSED with ${outstanding(ledger).total} fen outstanding`);
    const statement = drawn.find((s) => s.disbursementId === l.disbursementId);
    if (l.disbursementId && !statement) out.differences.push(`${l.id}: disbursement ${l.disbursementId} unknown to ${l.lender}`);
    if (!l.disbursementId && (drawn.length || b.principal.charged)) out.differences.push(`${l.id}: ${l.lender} disbursed, the platform recorded no disbursement`);
    if (statement) for (const d of reconcile(ledger, statement)) out.differences.push(`${l.id}: ${d.field} platform ${d.platform}, ${l.lender} ${d.lender}`);
    if (!LOAN_ENDS.includes(l.status)) out.lost.push(`${l.id}: ${l.status}${l.reason ? ` (${l.reason})` : ''} at the end of the run`);
    else if (l.disbursementId && l.status !== LoanStatus.CLOSED) out.lost.push(`${l.id}: lent and ${l.status}`);
  }
  const figures = (lender?: string): LenderFigures => {
    const mine = loans.filter((l) => !lender || l.lender === lender);
    const book = portfolio(mine.map((l) => ({ loanId: l.id, currency: 'CNY', entries: l.entries })));
    const ops = effects.filter((e) => (!lender || e.system === lender) && KEY.test(e.key));
    const theirs = statements.filter((s) => !lender || mine.some((l) => l.id === s.reference));
    return {
      loans: mine.length,
      closed: mine.filter((l) => l.status === LoanStatus.CLOSED).length,
      unlent: mine.filter((l) => !l.disbursementId && LOAN_ENDS.includes(l.status) && l.status !== LoanStatus.CLOSED).length,
      disbursements: ops.filter((e) => e.operation === 'disburse').length,
      repayments: ops.filter((e) => e.operation === 'repay').length,
      repeatsAbsorbed: sumOf(ops.map((e) => e.requests - 1)),
      platform: { disbursed: book.totals.principal.charged, repaid: book.totals.principal.repaid, writtenOff: book.totals.principal.writtenOff, outstanding: book.totals.principal.outstanding },
      lender: { disbursed: sumOf(theirs.map((s) => s.disbursed)), repaid: sumOf(theirs.map((s) => s.repaid.principal)), outstanding: sumOf(theirs.map((s) => s.outstandingPrincipal)) },
      balanced: book.balanced,
    };
  };
  return { ...out, lenders: Object.fromEntries(CHAOS_LENDERS.map((l) => [l, figures(l)])), total: figures() };
}

/** Whether the run's financing proved what it should: nothing moved twice, every ledger balancing and agreeing, no loan lost, no answer unexpected. */
export function financePassed(f: FinanceFigures): boolean {
  const lent = f.total.disbursements > 0 || f.driving.planned === 0;
  return lent && f.total.balanced && [f.doubleDisbursements, f.doubleRepayments, f.orphans, f.differences, f.unbalanced, f.lost, f.driving.refused].every((x) => x.length === 0);
}

/** Reads the run's loans from PostgreSQL and each lender's effects (GET /_ledger) and statements (GET /v1/loans/{id}) over HTTP, then checks them. */
export async function verifyFinance(cluster: Cluster, driving: FinanceDriving): Promise<FinanceFigures> {
  const rows = await cluster.db.financeLoan.findMany({ where: { enterpriseId: cluster.enterpriseId }, select: { id: true, lender: true, status: true, reason: true, disbursementId: true, repayments: true } });
  const loans = await Promise.all(rows.map(async (r) => ({
    ...r,
    instructions: (r.repayments as { instructionId: string; amount: number }[]).filter((x) => x.amount > 0).map((x) => x.instructionId),
    entries: await ledgerEntriesOf(cluster.db, r.id),
  })));
  const effects: (EffectEntry & { system: string })[] = [];
  const statements: Statement[] = [];
  for (const system of CHAOS_LENDERS) {
    const base = cluster.env[urlVar(system)]!;
    const ledger = (await (await fetch(`${base}/_ledger`)).json()) as { effects: EffectEntry[] };
    effects.push(...ledger.effects.map((e) => ({ ...e, system })));
    const drawn = ledger.effects.filter((e) => e.operation === 'disburse').map((e) => (e.result as { disbursementId: string }).disbursementId);
    for (const id of drawn) {
      const s = (await (await fetch(`${base}/v1/loans/${encodeURIComponent(id)}`)).json()) as { disbursementId: string; reference: string; disbursed: string; repaid: Record<'fees' | 'interest' | 'principal', string>; outstandingPrincipal: string };
      const fen = (v: string) => toMinor(v, 'CNY');
      statements.push({ disbursementId: s.disbursementId, reference: s.reference, disbursed: fen(s.disbursed), repaid: { fees: fen(s.repaid.fees), interest: fen(s.repaid.interest), principal: fen(s.repaid.principal) }, outstandingPrincipal: fen(s.outstandingPrincipal) });
    }
  }
  return financeChecks(driving, loans, effects, statements);
}

/** The per-lender table printed after the run (and copied into docs/reliability.md). */
export function financeRows(f: FinanceFigures): Record<string, Record<string, string | number>> {
  const cny = (fen: number) => formatMinor(fen, 'CNY');
  const row = (x: LenderFigures) => ({
    'loans (closed / unlent)': `${x.loans} (${x.closed} / ${x.unlent})`,
    'disbursements / repayments at the lender': `${x.disbursements} / ${x.repayments}`,
    'repeats absorbed': x.repeatsAbsorbed,
    'CNY disbursed = repaid + written off + outstanding': `${cny(x.platform.disbursed)} = ${cny(x.platform.repaid)} + ${cny(x.platform.writtenOff)} + ${cny(x.platform.outstanding)}`,
    "lender's statements: disbursed / repaid / outstanding": `${cny(x.lender.disbursed)} / ${cny(x.lender.repaid)} / ${cny(x.lender.outstanding)}`,
    balanced: x.balanced ? 'yes' : 'NO',
  });
  return { ...Object.fromEntries(Object.entries(f.lenders).map(([l, x]) => [l, row(x)])), total: row(f.total) };
}
