import { addDays } from './interest.js';
import { assertMinor } from './money.js';

/** What the borrower owes the lender at the moment money arrives, in minor units of the loan's currency. */
export interface AmountsDue {
  fees: number;
  interest: number;
  principal: number;
}

export interface Waterfall {
  /** Received amount the instruction sends to the lender, by what it pays. */
  toLender: AmountsDue & { total: number };
  /** What is left for the enterprise after the lender is paid in full. */
  toEnterprise: number;
  /** What the received amount did not cover, by kind; all 0 when the loan is repaid in full. */
  shortfall: AmountsDue & { total: number };
}

/**
 * Splits money received for a financed shipment (FX proceeds settled, refund paid): fees first, then
 * interest, then principal to the lender; the remainder to the enterprise. The platform moves no
 * money: the result becomes a repayment instruction to the collecting bank.
 * ASSUMPTION: the order fees → interest → principal is the usual allocation of a loan repayment
 * (费用、利息、本金, as Chinese loan contracts commonly allocate; no single source found); a lender
 * contract may name another order. Conserves money exactly: toLender.total + toEnterprise = received.
 */
export function repaymentWaterfall(received: number, due: AmountsDue): Waterfall {
  assertMinor(received, 'received');
  assertMinor(due.fees, 'fees');
  assertMinor(due.interest, 'interest');
  assertMinor(due.principal, 'principal');
  let left = received;
  const take = (owed: number) => {
    const paid = Math.min(owed, left);
    left -= paid;
    return paid;
  };
  const fees = take(due.fees);
  const interest = take(due.interest);
  const principal = take(due.principal);
  const toLender = { fees, interest, principal, total: fees + interest + principal };
  const shortfall = { fees: due.fees - fees, interest: due.interest - interest, principal: due.principal - principal };
  return { toLender, toEnterprise: left, shortfall: { ...shortfall, total: shortfall.fees + shortfall.interest + shortfall.principal } };
}

/**
 * When a shortfall falls due: `graceDays` (products.ts) after the date of the event that should
 * have repaid the loan, but not after the loan's maturity; an event after maturity makes it due at once.
 */
export function shortfallDueDate(eventDate: string, graceDays: number, maturity: string): string {
  const due = addDays(eventDate, graceDays);
  const latest = eventDate > maturity ? eventDate : maturity;
  return due < latest ? due : latest;
}
