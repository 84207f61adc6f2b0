import { assertIsoDate } from '../import/effective.js';

/**
 * Product traceability (商品溯源) rules: the commodity code and origin a product is registered
 * with, and the dates of a production batch. Pure code; the API turns problems into 400s.
 */

/**
 * China's 10-digit commodity code (docs/reference/domain-rules.md §7.4): digits 1–6 HS, 7–8 tariff
 * subheading, 9–10 supervision digits. The first two digits are an HS chapter, 01–97; chapter 77
 * is reserved by the HS and never used.
 */
export type HsCodeProblem = 'FORMAT' | 'CHAPTER';

export function hsCodeProblem(code: string): HsCodeProblem | undefined {
  if (!/^\d{10}$/.test(code)) return 'FORMAT';
  const chapter = Number(code.slice(0, 2));
  return chapter >= 1 && chapter <= 97 && chapter !== 77 ? undefined : 'CHAPTER';
}

/** Country of origin as the 3-digit customs country code (JGS-20, e.g. 142 China, 304 Germany). */
export function originProblem(code: string): 'FORMAT' | undefined {
  return /^\d{3}$/.test(code) && code !== '000' ? undefined : 'FORMAT';
}

export interface BatchDates {
  producedOn?: string | undefined;
  expiresOn?: string | undefined;
}

/** Field problems of a batch's dates: real calendar days, and expiry not before production. */
export function batchDateProblems(b: BatchDates): { field: 'producedOn' | 'expiresOn'; message: string }[] {
  const out: { field: 'producedOn' | 'expiresOn'; message: string }[] = [];
  for (const field of ['producedOn', 'expiresOn'] as const) {
    const value = b[field];
    if (value === undefined) continue;
    try {
      assertIsoDate(value);
    } catch {
      out.push({ field, message: 'a calendar day YYYY-MM-DD' });
    }
  }
  if (out.length === 0 && b.producedOn && b.expiresOn && b.expiresOn < b.producedOn) {
    out.push({ field: 'expiresOn', message: 'cannot be before producedOn' });
  }
  return out;
}
