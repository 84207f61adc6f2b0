/**
 * The regulatory numbers and choices the payment institution applies, as data (docs/reference/domain-rules.md §4:
 * "put every number into configuration, not code"). Amounts are USD-equivalent decimal strings.
 */
export type SellerType = 'INDIVIDUAL' | 'ENTERPRISE';

/** Which rule decided whether a settlement used the individual's annual facilitation quota. */
export const QuotaRule = {
  /** Individual with transaction proof (order/declaration): CBEC settlement does not use the quota (汇发〔2020〕11号 Art. 4, §4.2). */
  TransactionProof: 'CBEC_TRANSACTION_PROOF',
  /** Individual without proof: counts against the USD 50,000 annual facilitation quota (个人外汇管理办法实施细则 Art. 2). */
  AnnualQuota: 'ANNUAL_FACILITATION_QUOTA',
  /** Enterprises settle trade FX under the trade FX list (名录), no individual quota. */
  Enterprise: 'ENTERPRISE_NOT_APPLICABLE',
} as const;
export type QuotaRule = (typeof QuotaRule)[keyof typeof QuotaRule];

export interface BopChoice {
  code: string;
  remark: string;
  /** false: the reference could not confirm the code for this case; confirm with the partner bank. */
  confirmed: boolean;
}

export interface PaymentInstitutionRules {
  /**
   * Per-transaction cap, USD equivalent; null = no cap. ⚠ USD 50,000 is the 2015 pilot's figure
   * (汇发〔2015〕7号); whether 汇发〔2019〕13号 keeps a numeric cap was not found (§4.1, §8 item 3).
   */
  perTransactionCapUsd: string | null;
  /** Individuals' annual facilitation quota for settlement, USD equivalent per calendar year (§4.2). */
  annualFacilitationQuotaUsd: string;
  /** Fee on the gross CNY amount, in millionths (3,000 = 0.3 %); assumed figure. */
  feeRatePpm: number;
  /** Mid rates, CNY per unit (6 decimals), used for USD equivalents and, less the spread, for quotes. */
  midRates: Record<string, string>;
  /** The institution buys foreign currency this many millionths below mid (assumed). */
  spreadPpm: number;
}

export const DEFAULT_RULES: PaymentInstitutionRules = {
  perTransactionCapUsd: '50000.00',
  annualFacilitationQuotaUsd: '50000.00',
  feeRatePpm: 3_000,
  midRates: {
    USD: '7.098000', EUR: '7.695000', GBP: '8.990000', JPY: '0.047400', HKD: '0.908500',
    SGD: '5.295000', AUD: '4.645000', CAD: '5.145000', CNY: '1.000000',
  },
  spreadPpm: 3_500,
};

/** Currencies the institution converts to CNY (CNY itself is collected but never converted). */
export const tradable = (rules: PaymentInstitutionRules, ccy: string) => ccy !== 'CNY' && Object.hasOwn(rules.midRates, ccy);
export const collectable = (rules: PaymentInstitutionRules, ccy: string) => Object.hasOwn(rules.midRates, ccy);

/** "1234.56" → 123456n; "7.098" at scale 6 → 7098000n. */
export const units = (s: string, scale = 2) => BigInt((s.split('.')[0] ?? '0') + (s.split('.')[1] ?? '').padEnd(scale, '0'));
export const decimal = (u: bigint, scale = 2) => {
  const s = u.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};
const halfUp = (n: bigint, d: bigint) => (n + d / 2n) / d;

/** The institution's buy rate, CNY per unit, 6 decimals: mid less the spread, half up. */
export function buyRate(rules: PaymentInstitutionRules, ccy: string): string {
  return decimal(halfUp(units(rules.midRates[ccy] ?? '0', 6) * (1_000_000n - BigInt(rules.spreadPpm)), 1_000_000n), 6);
}

/** USD-equivalent cents of an amount in cents, at mid rates. */
export function usdCents(rules: PaymentInstitutionRules, cents: bigint, ccy: string): bigint {
  return halfUp(cents * units(rules.midRates[ccy] ?? '0', 6), units(rules.midRates.USD ?? '1', 6));
}

/** CNY fen for cents at a 6-decimal rate, half up. */
export const cnyFen = (cents: bigint, rate: string) => halfUp(cents * units(rate, 6), 1_000_000n);
export const feeFen = (rules: PaymentInstitutionRules, grossFen: bigint) => halfUp(grossFen * BigInt(rules.feeRatePpm), 1_000_000n);

export function quotaRuleFor(seller: SellerType, hasTransactionProof: boolean): QuotaRule {
  if (seller === 'ENTERPRISE') return QuotaRule.Enterprise;
  return hasTransactionProof ? QuotaRule.TransactionProof : QuotaRule.AnnualQuota;
}

/**
 * BOP transaction code (2014 classification, §4.3). Goods declared to customs (9610 with 清单/报关单)
 * are in customs statistics: 121010 general trade is ASSUMED (⚠ 121990 is possible; the reference
 * found no rule for 9610/9710/9810, confirm with the partner bank). Online shopping not declared
 * goes under 122030 with the prescribed remark.
 */
export function bopFor(customsDeclared: boolean, goods: string): BopChoice {
  if (customsDeclared) return { code: '121010', remark: `跨境电商出口货款 ${goods}`, confirmed: false };
  return { code: '122030', remark: `未报关、未纳入海关统计 网络购物 ${goods} 货款`, confirmed: true };
}
