import { daysBetween, interest, type DayCount } from './interest.js';
import { assertMinor, sum, type CurrencyCode } from './money.js';
import { repaymentWaterfall, type AmountsDue, type Waterfall } from './waterfall.js';

/**
 * A loan's ledger: every money event of one loan, each under the idempotency key of the call that
 * caused it, so a retried step posts nothing twice. Plain data (JSON, workflow state); posting
 * returns a new ledger. Invariant, per bucket (principal, interest, fees):
 * charged = repaid + written off + outstanding, outstanding never negative; for principal,
 * "charged" is what was disbursed (issue 20: disbursed = repaid + written off + outstanding).
 */
export type LedgerEntry =
  | { key: string; kind: 'DISBURSED'; principal: number; on: string }
  | { key: string; kind: 'FEE_CHARGED'; fees: number; on: string }
  | { key: string; kind: 'INTEREST_ACCRUED'; interest: number; on: string }
  | ({ key: string; kind: 'REPAID'; on: string } & AmountsDue)
  | ({ key: string; kind: 'WRITTEN_OFF'; on: string } & AmountsDue);

export interface LoanLedger {
  loanId: string;
  currency: CurrencyCode;
  entries: readonly LedgerEntry[];
}

export interface Bucket {
  charged: number;
  repaid: number;
  writtenOff: number;
  outstanding: number;
}

export interface LedgerBalances {
  principal: Bucket;
  interest: Bucket;
  fees: Bucket;
}

/** A key posted before with a different entry: a bug or a reused key, never silently accepted. */
export class LedgerConflict extends Error {
  constructor(readonly key: string) {
    super(`ledger key ${key} was already posted with a different entry`);
  }
}

/** An entry that would take a bucket below zero (repaying or writing off more than is owed). */
export class LedgerOverdrawn extends Error {
  constructor(readonly key: string, readonly bucket: keyof LedgerBalances) {
    super(`entry ${key} takes the ${bucket} outstanding below zero`);
  }
}

export function emptyLedger(loanId: string, currency: CurrencyCode): LoanLedger {
  return { loanId, currency, entries: [] };
}

const ZERO: AmountsDue = { fees: 0, interest: 0, principal: 0 };

function effect(e: LedgerEntry): { charged: AmountsDue; repaid: AmountsDue; writtenOff: AmountsDue } {
  switch (e.kind) {
    case 'DISBURSED': return { charged: { ...ZERO, principal: e.principal }, repaid: ZERO, writtenOff: ZERO };
    case 'FEE_CHARGED': return { charged: { ...ZERO, fees: e.fees }, repaid: ZERO, writtenOff: ZERO };
    case 'INTEREST_ACCRUED': return { charged: { ...ZERO, interest: e.interest }, repaid: ZERO, writtenOff: ZERO };
    case 'REPAID': return { charged: ZERO, repaid: e, writtenOff: ZERO };
    case 'WRITTEN_OFF': return { charged: ZERO, repaid: ZERO, writtenOff: e };
  }
}

/** Recomputes the balances from the entries (the only source of truth). */
export function balances(ledger: LoanLedger): LedgerBalances {
  const bucket = (name: keyof AmountsDue): Bucket => {
    const effects = ledger.entries.map(effect);
    const charged = sum(effects.map((x) => x.charged[name]));
    const repaid = sum(effects.map((x) => x.repaid[name]));
    const writtenOff = sum(effects.map((x) => x.writtenOff[name]));
    return { charged, repaid, writtenOff, outstanding: charged - repaid - writtenOff };
  };
  return { principal: bucket('principal'), interest: bucket('interest'), fees: bucket('fees') };
}

export function outstanding(ledger: LoanLedger): AmountsDue & { total: number } {
  const b = balances(ledger);
  return { fees: b.fees.outstanding, interest: b.interest.outstanding, principal: b.principal.outstanding, total: b.fees.outstanding + b.interest.outstanding + b.principal.outstanding };
}

const same = (a: LedgerEntry, b: LedgerEntry) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/**
 * Posts one entry. The same entry under a key already posted changes nothing (`posted: false`:
 * a retried step); a different entry under it throws LedgerConflict; an entry that would leave any
 * bucket negative throws LedgerOverdrawn.
 */
export function post(ledger: LoanLedger, entry: LedgerEntry): { ledger: LoanLedger; posted: boolean } {
  const before = ledger.entries.find((e) => e.key === entry.key);
  if (before) {
    if (!same(before, entry)) throw new LedgerConflict(entry.key);
    return { ledger, posted: false };
  }
  for (const v of amountsOf(entry)) assertMinor(v, `${entry.kind} amount`);
  const next = { ...ledger, entries: [...ledger.entries, entry] };
  const b = balances(next);
  for (const name of ['principal', 'interest', 'fees'] as const) {
    if (b[name].outstanding < 0) throw new LedgerOverdrawn(entry.key, name);
  }
  return { ledger: next, posted: true };
}

function amountsOf(e: LedgerEntry): number[] {
  const { charged, repaid, writtenOff } = effect(e);
  return [charged, repaid, writtenOff].flatMap((x) => [x.fees, x.interest, x.principal]);
}

/**
 * Applies money received for the loan (under the key of the instruction that pays the lender):
 * the waterfall over what is outstanding, posted as one REPAID entry when it pays anything.
 * Repeating it with the same key returns the same waterfall and posts nothing.
 */
export function applyReceipt(ledger: LoanLedger, key: string, received: number, on: string): { ledger: LoanLedger; waterfall: Waterfall; posted: boolean } {
  const earlier = ledger.entries.find((e) => e.key === key);
  const owed = outstanding(earlier ? { ...ledger, entries: ledger.entries.slice(0, ledger.entries.indexOf(earlier)) } : ledger);
  const waterfall = repaymentWaterfall(received, owed);
  if (waterfall.toLender.total === 0 && !earlier) return { ledger, waterfall, posted: false };
  const { fees, interest, principal } = waterfall.toLender;
  const result = post(ledger, { key, kind: 'REPAID', on, fees, interest, principal });
  return { ...result, waterfall };
}

/** Writes off everything outstanding (ops decision after the shortfall's due date), under `key`. */
export function writeOffOutstanding(ledger: LoanLedger, key: string, on: string): { ledger: LoanLedger; posted: boolean } {
  const earlier = ledger.entries.find((e) => e.key === key);
  if (earlier) return { ledger, posted: false };
  const { fees, interest, principal, total } = outstanding(ledger);
  if (total === 0) return { ledger, posted: false };
  return post(ledger, { key, kind: 'WRITTEN_OFF', on, fees, interest, principal });
}

/** True when every bucket satisfies charged = repaid + written off + outstanding with outstanding ≥ 0. */
export function isBalanced(b: LedgerBalances): boolean {
  return Object.values(b).every((x: Bucket) => x.outstanding >= 0 && x.charged === x.repaid + x.writtenOff + x.outstanding);
}

/**
 * Accrues interest on the principal outstanding from the last accrual (or the first disbursement)
 * to `asOf`, posted once under `<loanId>:interest:<asOf>`. Accrue before posting each receipt:
 * the principal is taken as it stands now, for the whole period since the last accrual.
 */
export function accrueInterest(ledger: LoanLedger, terms: { annualRateBp: number; dayCount: DayCount }, asOf: string): { ledger: LoanLedger; posted: boolean; interest: number } {
  const key = `${ledger.loanId}:interest:${asOf}`;
  const earlier = ledger.entries.find((e) => e.key === key);
  if (earlier?.kind === 'INTEREST_ACCRUED') return { ledger, posted: false, interest: earlier.interest };
  const starts = ledger.entries.filter((e) => e.kind === 'DISBURSED' || e.kind === 'INTEREST_ACCRUED').map((e) => e.on);
  if (starts.length === 0) return { ledger, posted: false, interest: 0 };
  const from = starts.reduce((a, b) => (a > b ? a : b));
  const amount = interest({ principal: outstanding(ledger).principal, annualRateBp: terms.annualRateBp, days: daysBetween(from, asOf), dayCount: terms.dayCount });
  const result = post(ledger, { key, kind: 'INTEREST_ACCRUED', interest: amount, on: asOf });
  return { ...result, interest: amount };
}
