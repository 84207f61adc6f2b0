import { ratesOn, type RetailImportRates } from './rates.js';

/**
 * Limits of a retail import transaction (docs/reference/domain-rules.md §2.1). Amounts are integer fen of the
 * dutiable price (完税价格 = retail price incl. freight and insurance, §2.2). The annual quota is
 * counted per orderer (订购人) ID per calendar year; `usedThisYearFen` is what the buyer already
 * used in the year of the transaction date (db/quota.ts keeps it).
 */
export interface LimitLine {
  /** Dutiable price of the line (unit price × quantity plus its part of freight and insurance). */
  dutiableFen: number;
  quantity: number;
}

export type LimitDecision =
  /** Within both limits: CBEC retail import, 0 % tariff, 70 % VAT/CT. */
  | { outcome: 'CBEC_REDUCED'; orderFen: number; countsTowardAnnualFen: number; rates: RetailImportRates }
  /** One indivisible item above the single limit, within the annual quota: tax in full, counted. */
  | { outcome: 'CBEC_FULL_TAX'; orderFen: number; countsTowardAnnualFen: number; rates: RetailImportRates }
  /** Refused as CBEC retail import: the goods must go through general trade (一般贸易). */
  | { outcome: 'NOT_CBEC'; reason: 'OVER_ANNUAL_LIMIT' | 'OVER_SINGLE_LIMIT'; orderFen: number; remainingAnnualFen: number; rates: RetailImportRates };

/**
 * Classifies an order on `date` ('YYYY-MM-DD'):
 * - cumulative annual total (used + this order) above the annual limit → NOT_CBEC, whatever the
 *   order (the reference: "must be handled as general trade");
 * - order above the single limit: if it holds only one item (one line, quantity 1; a single
 *   indivisible good) the regime row says what happens (2019: CBEC_FULL_TAX, 2016: NOT_CBEC);
 *   several items → NOT_CBEC (split orders are not an exception the reference mentions);
 * - otherwise CBEC_REDUCED. Both limits are inclusive ("超过" = strictly above).
 */
export function assessLimits(input: { date: string; lines: readonly LimitLine[]; usedThisYearFen: number }): LimitDecision {
  const rates = ratesOn(input.date);
  if (input.lines.length === 0) throw new RangeError('an order needs at least one line');
  for (const l of input.lines) {
    assertFen(l.dutiableFen, 'dutiableFen');
    if (!(l.quantity > 0)) throw new RangeError(`quantity must be > 0, got ${l.quantity}`);
  }
  assertFen(input.usedThisYearFen, 'usedThisYearFen');

  const orderFen = input.lines.reduce((sum, l) => sum + l.dutiableFen, 0);
  const remainingAnnualFen = Math.max(rates.annualLimitFen - input.usedThisYearFen, 0);
  if (input.usedThisYearFen + orderFen > rates.annualLimitFen) {
    return { outcome: 'NOT_CBEC', reason: 'OVER_ANNUAL_LIMIT', orderFen, remainingAnnualFen, rates };
  }
  if (orderFen > rates.singleTransactionLimitFen) {
    const singleItem = input.lines.length === 1 && input.lines[0]?.quantity === 1;
    if (singleItem && rates.singleItemOverSingleLimit === 'CBEC_FULL_TAX') {
      return { outcome: 'CBEC_FULL_TAX', orderFen, countsTowardAnnualFen: orderFen, rates };
    }
    return { outcome: 'NOT_CBEC', reason: 'OVER_SINGLE_LIMIT', orderFen, remainingAnnualFen, rates };
  }
  return { outcome: 'CBEC_REDUCED', orderFen, countsTowardAnnualFen: orderFen, rates };
}

export function assertFen(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of fen, got ${value}`);
}

/** The calendar year an annual quota is counted in, from a 'YYYY-MM-DD' business date (China time). */
export function quotaYear(date: string): number {
  ratesOn(date); // validates the date and that a regime exists
  return Number(date.slice(0, 4));
}
