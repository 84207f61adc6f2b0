import type { components } from '../../api/client/schema.js';
import { ledger } from './ledger.js';
import type { Platform } from './platform.js';

/** A loan as GET /v1/loans/{id} answers it. */
export type LoanView = components['schemas']['Loan'];

/** The lender's movements for a loan (apply, disburse, repay…), from its own effect ledger. */
export const lenderEffects = async (p: Platform, lender: string, loanId: string) => (await ledger(p.simUrls[lender]!)).filter((e) => e.key.startsWith(`${loanId}:`)).map((e) => e.operation);

/** The lender's own statement of the loan (GET /v1/loans/{disbursementId} at the lender). */
const statement = async (p: Platform, lender: string, disbursementId: string) =>
  (await (await fetch(`${p.simUrls[lender]}/v1/loans/${disbursementId}`)).json()) as { disbursed: string; repaid: { fees: string; interest: string; principal: string }; outstandingPrincipal: string };

/**
 * Both sides of a loan: the platform's ledger (its buckets, disbursed = repaid + written off +
 * outstanding) and the lender's statement of the same loan, with the lender's movements.
 */
export async function loanSides(p: Platform, lender: string, l: LoanView) {
  const { principal, fees, interest } = l.ledger.balances;
  const cents = (x: string) => Math.round(Number(x) * 100);
  const s = await statement(p, lender, l.disbursementId!);
  const ops = await lenderEffects(p, lender, l.id);
  return {
    balanced: l.ledger.balanced,
    principal: { disbursed: cents(principal.charged), accountedFor: cents(principal.repaid) + cents(principal.writtenOff) + cents(principal.outstanding), outstanding: principal.outstanding },
    owedBesides: { fees: fees.outstanding, interest: interest.outstanding },
    platform: { disbursed: principal.charged, outstanding: principal.outstanding, principal: principal.repaid, fees: fees.repaid, interest: interest.repaid },
    lender: { disbursed: s.disbursed, outstanding: s.outstandingPrincipal, ...s.repaid },
    movements: { disburse: ops.filter((o) => o === 'disburse').length, repay: ops.filter((o) => o === 'repay').length },
  };
}

/** loanSides without the two statements (compared with each other separately). */
export const closedAndBalanced = (x: Awaited<ReturnType<typeof loanSides>>) => ({ ...x, platform: undefined, lender: undefined });
