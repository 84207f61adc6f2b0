/**
 * Customs registration code (海关注册编码, the "海关10位编码"; docs/reference/domain-rules.md §7.3): 10
 * characters, lifelong per enterprise: [1–4] administrative division, [5] economic-zone type,
 * [6] enterprise economic type, [7–10] sequence, which may contain letters (Tenpay `4403169D3W`).
 * There is no check digit, so only the shape can be checked.
 */
const FORMAT = /^\d{6}[0-9A-Z]{4}$/;

export function normaliseCustomsCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export type CustomsCodeProblem = 'FORMAT';

/** What is wrong with a (normalised) customs registration code, or undefined. */
export function customsCodeProblem(code: string): CustomsCodeProblem | undefined {
  return FORMAT.test(code) ? undefined : 'FORMAT';
}

export const CUSTOMS_CODE_PATTERN = FORMAT;
