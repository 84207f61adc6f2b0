import { assessLimits, type LimitDecision, type LimitLine } from './limits.js';
import type { RetailImportRates } from './rates.js';

/**
 * Comprehensive tax of a retail import (跨境电商综合税, docs/reference/domain-rules.md §2.2), per line:
 *
 *   composite-assessable base  B = (P + tariff) / (1 − c)      (P = dutiable price of the line)
 *   consumption tax (statutory)    = B × c
 *   import VAT      (statutory)    = B × v                      (= (P + tariff + CT) × v)
 *   levied within the limits       = tariff 0, VAT and CT × 70 %
 *
 * With tariff 0 the sum is P × (c + v) / (1 − c) × 70 %, the reference's "comprehensive rate".
 * Ad-valorem consumption tax only: goods with a specific (per-litre) CT are not covered.
 *
 * For one indivisible item above the single limit (2019 rule) tariff, VAT and CT are levied in
 * full: the reference says only "levied in full"; the formulas above with the line's tariff rate
 * and a 100 % share are the general import formulas (⚠ general knowledge, not in the reference).
 *
 * Money is exact: integer fen and basis points in BigInt rationals; each tax amount of a line is
 * rounded once, at the end, by the regime's rounding rule (⚠ half up to the fen: customs
 * practice, not confirmed by the reference; whether customs rounds the statutory CT before it
 * enters the VAT base is not stated either; exact intermediates are used).
 */
export interface TaxLine extends LimitLine {
  /** Statutory import VAT rate of the goods (13 % = 1300). */
  vatRateBp: number;
  /** Ad-valorem consumption-tax rate (0 when none; high-end cosmetics 15 % = 1500). */
  consumptionTaxRateBp?: number;
  /** The goods' own import tariff rate; needed only when the tariff is levied in full. */
  tariffRateBp?: number;
}

export interface LineTax {
  tariffFen: number;
  consumptionTaxFen: number;
  vatFen: number;
  totalFen: number;
}

export type Regime = 'CBEC_REDUCED' | 'CBEC_FULL_TAX';

const BP = 10_000n;

/** A line taxed in full (the tariff levied too) without its tariff rate: the caller must ask for it. */
export class TariffRateRequired extends RangeError {
  readonly code = 'TARIFF_RATE_REQUIRED';
  constructor() {
    super('tariffRateBp is required when the tariff is levied in full');
  }
}

export function lineTax(line: TaxLine, regime: Regime, rates: RetailImportRates): LineTax {
  const c = bp(line.consumptionTaxRateBp ?? 0, 'consumptionTaxRateBp');
  const v = bp(line.vatRateBp, 'vatRateBp');
  if (c >= BP) throw new RangeError('consumptionTaxRateBp must be below 100 %');
  if (!Number.isSafeInteger(line.dutiableFen) || line.dutiableFen < 0) throw new RangeError(`dutiableFen must be integer fen >= 0, got ${line.dutiableFen}`);
  const p = BigInt(line.dutiableFen);

  let t: bigint;
  let share: bigint;
  if (regime === 'CBEC_REDUCED') {
    t = bp(rates.cbecTariffRateBp, 'cbecTariffRateBp');
    share = bp(rates.cbecVatCtShareBp, 'cbecVatCtShareBp');
  } else {
    if (line.tariffRateBp === undefined) throw new TariffRateRequired();
    t = bp(line.tariffRateBp, 'tariffRateBp');
    share = BP;
  }

  const tariff: Ratio = [p * t, BP];
  // B = P (1 + t) / (1 − c); CT = B c; VAT = B v; levied = × share
  const baseNum = p * (BP + t);
  const baseDen = BP - c; // B = baseNum / baseDen fen
  const ct: Ratio = [baseNum * c * share, baseDen * BP * BP];
  const vat: Ratio = [baseNum * v * share, baseDen * BP * BP];

  const round = rounder(rates.taxRounding);
  const tariffFen = round(tariff);
  const consumptionTaxFen = round(ct);
  const vatFen = round(vat);
  return { tariffFen, consumptionTaxFen, vatFen, totalFen: tariffFen + consumptionTaxFen + vatFen };
}

/**
 * The comprehensive rate within the limits, (c + v) / (1 − c) × share, as a fraction (0.091 for
 * VAT 13 %). For display and checks; amounts come from `lineTax`, never from this float.
 */
export function comprehensiveRate(vatRateBp: number, consumptionTaxRateBp: number, rates: RetailImportRates): number {
  const c = consumptionTaxRateBp;
  return (((c + vatRateBp) / (10_000 - c)) * rates.cbecVatCtShareBp) / 10_000;
}

export type OrderTax =
  | { decision: Extract<LimitDecision, { outcome: Regime }>; lines: LineTax[]; total: LineTax }
  | { decision: Extract<LimitDecision, { outcome: 'NOT_CBEC' }> };

/** Limits, then the tax of every line of an order under the regime the limits lead to. */
export function orderTax(input: { date: string; lines: readonly TaxLine[]; usedThisYearFen: number }): OrderTax {
  const decision = assessLimits(input);
  if (decision.outcome === 'NOT_CBEC') return { decision };
  const lines = input.lines.map((l) => lineTax(l, decision.outcome, decision.rates));
  const total = lines.reduce<LineTax>(
    (s, l) => ({
      tariffFen: s.tariffFen + l.tariffFen,
      consumptionTaxFen: s.consumptionTaxFen + l.consumptionTaxFen,
      vatFen: s.vatFen + l.vatFen,
      totalFen: s.totalFen + l.totalFen,
    }),
    { tariffFen: 0, consumptionTaxFen: 0, vatFen: 0, totalFen: 0 },
  );
  return { decision, lines, total };
}

type Ratio = [num: bigint, den: bigint];

function rounder(rule: RetailImportRates['taxRounding']): (r: Ratio) => number {
  switch (rule) {
    case 'HALF_UP_FEN':
      // non-negative amounts: floor(num / den + 1/2)
      return ([num, den]) => Number((2n * num + den) / (2n * den));
  }
}

function bp(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be integer basis points >= 0, got ${value}`);
  return BigInt(value);
}
