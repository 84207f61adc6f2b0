import { z } from 'zod';

/**
 * The cross-border retail import positive list (正面清单, 跨境电子商务零售进口商品清单,
 * docs/reference/domain-rules.md §2.3): only goods of its 8-digit tariff lines may be imported
 * under 1210 (1,476 lines in the 2022 version, effective 2022-03-01). Its remarks control four
 * things, modelled here as remark kinds:
 *   EXCLUSION      goods of the line that are not admitted (e.g. with endangered-species ingredients):
 *                  `excludedCodes` (10-digit codes) are checked, `text` is shown;
 *   TRADE_MODE     the line is admitted only under these modes (e.g. bonded only: ["1210"]);
 *   PRODUCT_NAME   only named products of the line (e.g. 32151900 inks: household printer ink):
 *                  the item name must contain one of `nameKeywords`;
 *   QUANTITY_LIMIT a weight/quantity cap (e.g. sugar ≤ 2 kg): `maxQty1` in legal unit `unit1`.
 *
 * THE FILE FORMAT IS NOT OFFICIAL. The list is published as a document (MOF and 13 departments),
 * with no machine-readable layout in the references; this JSON format (`cbec-positive-list/1`,
 * docs in cli/README.md "Positive list") is the platform's own. A zone transcribes the official
 * list into it and loads it with `cbec positive-list load <file>`; versions are dated by
 * `effectiveFrom` and an order is checked against the version in force on its China date.
 *
 * ⚠ Left open by the reference: the reference gives per person per year for the quantity limits
 * ("sugar ≤ 2 kg … per person per year"); the platform checks one order only (the buyer's yearly
 * total per tariff line is not kept). Remark texts of the official list need a human to turn them
 * into these kinds; anything that cannot be checked stays as `text` only.
 */
export const POSITIVE_LIST_FORMAT = 'cbec-positive-list/1';

const Remark = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('EXCLUSION'), text: z.string().min(1).max(500), excludedCodes: z.array(z.string().regex(/^\d{10}$/)).optional() }).strict(),
  z.object({ kind: z.literal('TRADE_MODE'), modes: z.array(z.enum(['1210', '9610'])).min(1), text: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('PRODUCT_NAME'), nameKeywords: z.array(z.string().trim().min(1).max(50)).min(1), text: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('QUANTITY_LIMIT'), maxQty1: z.number().positive(), unit1: z.string().regex(/^\d{3}$/), text: z.string().max(500).optional() }).strict(),
]);
export type PositiveListRemark = z.infer<typeof Remark>;

export const PositiveListLine = z
  .object({
    /** 8-digit tariff line (税则号列). */
    tariffLine: z.string().regex(/^\d{8}$/, '8-digit tariff line'),
    name: z.string().trim().min(1).max(250),
    remarks: z.array(Remark).max(10).default([]),
  })
  .strict();
export type PositiveListLine = z.infer<typeof PositiveListLine>;

export const PositiveListFile = z
  .object({
    format: z.literal(POSITIVE_LIST_FORMAT),
    /** Always false: this layout is not the official one (see above). */
    official: z.literal(false),
    /** The list's version, e.g. "2022" or "2022-sample". */
    version: z.string().regex(/^[\w.-]{1,40}$/, '1-40 letters, digits, _ . -'),
    /** China date from which this version is in force (YYYY-MM-DD). */
    effectiveFrom: z.iso.date(),
    source: z.string().trim().min(1).max(500),
    lines: z.array(PositiveListLine).min(1).max(5000),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.lines.forEach((l, i) => {
      if (seen.has(l.tariffLine)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'tariffLine'], message: `tariff line ${l.tariffLine} twice` });
      seen.add(l.tariffLine);
    });
  });
export type PositiveListFile = z.infer<typeof PositiveListFile>;

export type PositiveListProblemCode =
  | 'NOT_ON_POSITIVE_LIST' | 'POSITIVE_LIST_EXCLUDED' | 'POSITIVE_LIST_TRADE_MODE' | 'POSITIVE_LIST_PRODUCT_NAME' | 'POSITIVE_LIST_QUANTITY_LIMIT';

export interface PositiveListProblem {
  code: PositiveListProblemCode;
  /** Index of the order line at fault. */
  line: number;
  /** The request field at fault, relative to the line (hsCode, name, legalQty). */
  field: 'hsCode' | 'name' | 'legalQty';
  message: string;
}

export interface ListedItem {
  hsCode: string;
  name: string;
  legalUnit: string;
  legalQty: number;
}

/**
 * Problems of an order's lines against the list in force (its lines by tariff line), first
 * problem per line. `version` names the list in the messages.
 */
export function checkPositiveList(
  items: readonly ListedItem[],
  list: ReadonlyMap<string, PositiveListLine>,
  mode: '1210' | '9610',
  version: string,
): PositiveListProblem[] {
  const problems: PositiveListProblem[] = [];
  const qty1 = new Map<string, number>(); // per tariff line and unit, over the order
  items.forEach((item, line) => {
    const tariffLine = item.hsCode.slice(0, 8);
    const entry = list.get(tariffLine);
    if (!entry) {
      problems.push({ code: 'NOT_ON_POSITIVE_LIST', line, field: 'hsCode', message: `tariff line ${tariffLine} is not on the positive list (${version})` });
      return;
    }
    for (const r of entry.remarks) {
      if (r.kind === 'EXCLUSION' && r.excludedCodes?.includes(item.hsCode)) {
        problems.push({ code: 'POSITIVE_LIST_EXCLUDED', line, field: 'hsCode', message: `${item.hsCode} is excluded from tariff line ${tariffLine}: ${r.text}` });
        return;
      }
      if (r.kind === 'TRADE_MODE' && !r.modes.includes(mode)) {
        problems.push({ code: 'POSITIVE_LIST_TRADE_MODE', line, field: 'hsCode', message: `tariff line ${tariffLine} is admitted only under ${r.modes.join('/')}, not ${mode}` });
        return;
      }
      if (r.kind === 'PRODUCT_NAME' && !r.nameKeywords.some((k) => item.name.includes(k))) {
        problems.push({ code: 'POSITIVE_LIST_PRODUCT_NAME', line, field: 'name', message: `tariff line ${tariffLine} admits only ${r.nameKeywords.join(' / ')}${r.text ? ` (${r.text})` : ''}` });
        return;
      }
      if (r.kind === 'QUANTITY_LIMIT' && item.legalUnit === r.unit1) {
        const key = `${tariffLine}:${r.unit1}`;
        const total = (qty1.get(key) ?? 0) + item.legalQty;
        qty1.set(key, total);
        if (total > r.maxQty1) {
          problems.push({ code: 'POSITIVE_LIST_QUANTITY_LIMIT', line, field: 'legalQty', message: `tariff line ${tariffLine} is limited to ${r.maxQty1} (unit ${r.unit1}) per order; this order has ${total}` });
          return;
        }
      }
    }
  });
  return problems;
}
