import { effectiveOn, type Effective } from './effective.js';

/**
 * Retail import (1210 bonded and 9610 direct-purchase import) regime parameters, effective-dated
 * (docs/reference/domain-rules.md §2.1, §2.2). Amounts are integer fen (CNY 0.01); rates are basis points
 * (1 bp = 0.01 %). Goods-specific rates (VAT 13 % / 9 %, consumption tax, the tariff line's own
 * rate) are inputs per line, keyed by the 10-digit code elsewhere; only the CBEC regime lives here.
 */
export interface RetailImportRates extends Effective {
  /** 单次交易限值 on the dutiable price (完税价格) of one transaction, inclusive. */
  singleTransactionLimitFen: number;
  /** 年度交易限值 per orderer ID per calendar year, inclusive. */
  annualLimitFen: number;
  /**
   * One indivisible item priced above the single limit, still within the remaining annual quota:
   * `CBEC_FULL_TAX` = may enter through the CBEC channel with tariff, VAT and CT levied in full and
   * counted toward the annual total (2019 rule); `NOT_CBEC` = handled as general trade (2016 rule).
   */
  singleItemOverSingleLimit: 'CBEC_FULL_TAX' | 'NOT_CBEC';
  /** Tariff rate within the limits ("暂设为0"). */
  cbecTariffRateBp: number;
  /** Share of the statutory import VAT and consumption tax levied within the limits (70 %). */
  cbecVatCtShareBp: number;
  /**
   * How each tax amount is rounded. ⚠ Not in the reference: customs practice is to compute every
   * tax amount to the fen, rounding half up below the fen (分以下四舍五入). Kept as data so a
   * confirmed different rule is a data change.
   */
  taxRounding: 'HALF_UP_FEN';
  source: string;
}

export const RETAIL_IMPORT_RATES: readonly RetailImportRates[] = [
  {
    // Limits and the "general trade above the limit" rule are in the reference (§2.1, superseded
    // rule). ⚠ The 0 % tariff / 70 % share of this row come from general knowledge of
    // 财关税〔2016〕18号; the reference states them only for the current rule.
    effectiveFrom: '2016-04-08',
    singleTransactionLimitFen: 200_000,
    annualLimitFen: 2_000_000,
    singleItemOverSingleLimit: 'NOT_CBEC',
    cbecTariffRateBp: 0,
    cbecVatCtShareBp: 7000,
    taxRounding: 'HALF_UP_FEN',
    source: '财关税〔2016〕18号',
  },
  {
    effectiveFrom: '2019-01-01',
    singleTransactionLimitFen: 500_000,
    annualLimitFen: 2_600_000,
    singleItemOverSingleLimit: 'CBEC_FULL_TAX',
    cbecTariffRateBp: 0,
    cbecVatCtShareBp: 7000,
    taxRounding: 'HALF_UP_FEN',
    source: '财关税〔2018〕49号', // docs/reference/domain-rules.md §2.1, §2.2
  },
];

/** The retail import regime in force on a date ('YYYY-MM-DD'). */
export function ratesOn(date: string, table: readonly RetailImportRates[] = RETAIL_IMPORT_RATES): RetailImportRates {
  return effectiveOn(table, date, 'retail import rates');
}

/**
 * High-end cosmetics (高档化妆品): consumption tax applies when the import-stage dutiable price
 * excluding VAT is at least CNY 10 per ml (or g) or CNY 15 per piece (or sheet) (财税〔2016〕103号
 * art. 1, docs/reference/domain-rules.md §2.2). ⚠ The effective date (2016-10-01) is not in the reference.
 */
export interface HighEndCosmeticsRule extends Effective {
  perMlOrGramFen: number;
  perPieceOrSheetFen: number;
  consumptionTaxRateBp: number;
  source: string;
}

export const HIGH_END_COSMETICS: readonly HighEndCosmeticsRule[] = [
  { effectiveFrom: '2016-10-01', perMlOrGramFen: 1000, perPieceOrSheetFen: 1500, consumptionTaxRateBp: 1500, source: '财税〔2016〕103号' },
];

export type CosmeticsUnit = 'ml' | 'g' | 'piece' | 'sheet';

/**
 * Consumption-tax rate of a cosmetic: the high-end rate when its dutiable price (excl. VAT) per
 * ml/g/piece/sheet reaches the threshold, else 0. `contents` is the ml, g, pieces or sheets in one
 * unit priced at `unitPriceFen`.
 */
export function cosmeticsConsumptionTaxRateBp(
  date: string,
  item: { unitPriceFen: number; contents: number; unit: CosmeticsUnit },
  table: readonly HighEndCosmeticsRule[] = HIGH_END_COSMETICS,
): number {
  if (!(item.contents > 0)) throw new RangeError(`contents must be > 0, got ${item.contents}`);
  const rule = effectiveOn(table, date, 'high-end cosmetics rule');
  const threshold = item.unit === 'ml' || item.unit === 'g' ? rule.perMlOrGramFen : rule.perPieceOrSheetFen;
  // price / contents >= threshold, without dividing
  return item.unitPriceFen >= threshold * item.contents ? rule.consumptionTaxRateBp : 0;
}
