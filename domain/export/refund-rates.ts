import { assertIsoDate, type Effective } from '../import/effective.js';

/**
 * Export VAT refund rates (出口退税率) by commodity code, effective-dated (docs/reference/domain-rules.md §3.2).
 * The rate is fixed per 10-digit code and determined by the **export date on the declaration**.
 * Rules are keyed by HS prefixes: the longest matching prefix wins, and for that prefix the row
 * with the latest `effectiveFrom` on or before the export date. Codes no rule covers have no known
 * rate (undefined): never guess a refund.
 *
 * The reference confirms the 2024-12-01 change (MOF/STA Ann. 2024 No. 15) by category only:
 * refunds cancelled (→ 0) for aluminium, copper and chemically modified animal/plant/microbial
 * oils and fats; cut 13 % → 9 % for some refined oil products, photovoltaics, batteries (incl.
 * lithium-ion cells/packs, vanadium flow batteries) and some non-metallic minerals. The
 * announcement's annexes (59 cancelled lines, 209 reduced) were not retrieved, so every prefix
 * below carries its `basis`:
 * - 'category': the reference names the category and the prefix is that category's HS heading
 *   (e.g. 8507.60 = lithium-ion accumulators); the old 13 % is the announcement's "from 13 %";
 * - 'example': an illustrative tariff line of a category the reference names only in general
 *   terms ("some refined oils", "aluminium"); verify against annex 1/2 before relying on it.
 * Rates earlier than a row's first `effectiveFrom` are unknown here (not zero).
 *
 * No `refundAmount(fob, rate)` helper: the reference gives no refund-amount formula, and FOB ×
 * rate is only the manufacturer's exempt-credit-refund (免抵退) ceiling; a trading enterprise's
 * refund is based on the purchase invoice (§3.1 item 4).
 */
export interface RefundRateRule extends Effective {
  /** Digits of the commodity code this rule covers (2 to 10 digits). */
  hsPrefix: string;
  /** Refund rate in basis points (13 % = 1300, cancelled = 0). */
  rateBp: number;
  /** 'zone': loaded by the zone from its rate library file (domain/export/refund-rate-file.ts); they win over built-in rows of the same prefix and date. */
  basis: 'category' | 'example' | 'zone';
  note: string;
}

const ANN_2024_15 = '2024-12-01';

export const EXPORT_REFUND_RATES: readonly RefundRateRule[] = [
  // Batteries. ⚠ The start of the 13 % rate is not in the reference (the 2019 VAT reform made
  // former 16 % rates 13 % from 2019-04-01); a 2024 public HS table shows 13 % for 85076000xx.
  { hsPrefix: '850760', effectiveFrom: '2019-04-01', rateBp: 1300, basis: 'category', note: 'lithium-ion accumulators (cells and packs)' },
  { hsPrefix: '850760', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'category', note: 'Ann. 2024 No. 15: batteries 13 % → 9 %' },
  { hsPrefix: '850780', effectiveFrom: '2019-04-01', rateBp: 1300, basis: 'example', note: 'other accumulators (incl. vanadium redox flow)' },
  { hsPrefix: '850780', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'example', note: 'Ann. 2024 No. 15: batteries 13 % → 9 %' },
  // Photovoltaics (HS 2022 headings 8541.42 cells, 8541.43 modules).
  { hsPrefix: '854142', effectiveFrom: '2022-01-01', rateBp: 1300, basis: 'category', note: 'photovoltaic cells not in modules' },
  { hsPrefix: '854142', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'category', note: 'Ann. 2024 No. 15: photovoltaics 13 % → 9 %' },
  { hsPrefix: '854143', effectiveFrom: '2022-01-01', rateBp: 1300, basis: 'category', note: 'photovoltaic cells in modules' },
  { hsPrefix: '854143', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'category', note: 'Ann. 2024 No. 15: photovoltaics 13 % → 9 %' },
  // Some refined oil products and some non-metallic minerals (13 % → 9 %): examples only.
  { hsPrefix: '27101991', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'example', note: 'lubricating oil (example of "some refined oil products")' },
  { hsPrefix: '681511', effectiveFrom: ANN_2024_15, rateBp: 900, basis: 'example', note: 'carbon/graphite fibres (example of "some non-metallic mineral products")' },
  // Cancelled (→ 0). Earlier rates not known here.
  { hsPrefix: '7604', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'aluminium bars, rods and profiles' },
  { hsPrefix: '7606', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'aluminium plates, sheets and strip' },
  { hsPrefix: '7607', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'aluminium foil' },
  { hsPrefix: '7407', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'copper bars, rods and profiles' },
  { hsPrefix: '7408', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'copper wire' },
  { hsPrefix: '1518', effectiveFrom: ANN_2024_15, rateBp: 0, basis: 'example', note: 'chemically modified animal/vegetable oils and fats' },
];

export interface RefundRate {
  rateBp: number;
  rule: RefundRateRule;
}

/**
 * The refund rate of a commodity code (10 digits, or 13 with the CIQ suffix, or a shorter
 * prefix) for an export date 'YYYY-MM-DD'; undefined when no rule covers it on that date.
 */
export function refundRateOn(hsCode: string, exportDate: string, table: readonly RefundRateRule[] = EXPORT_REFUND_RATES): RefundRate | undefined {
  assertIsoDate(exportDate);
  if (!/^\d{2,13}$/.test(hsCode)) throw new RangeError(`not a commodity code: ${hsCode}`);
  const code = hsCode.slice(0, 10);
  let best: RefundRateRule | undefined;
  for (const rule of table) {
    if (rule.effectiveFrom > exportDate || !code.startsWith(rule.hsPrefix)) continue;
    if (
      !best ||
      rule.hsPrefix.length > best.hsPrefix.length ||
      (rule.hsPrefix.length === best.hsPrefix.length && rule.effectiveFrom > best.effectiveFrom)
    ) {
      best = rule;
    }
  }
  return best && { rateBp: best.rateBp, rule: best };
}
