/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015; docs/reference/domain-rules.md §7.1): 18
 * characters, [1] registration authority, [2] entity type, [3–8] administrative division (digits),
 * [9–17] organisation code (GB 11714), [18] check character over the 31-symbol set below.
 *
 * A failed check is a warning, not a rejection: codes issued by early pilot regions are known to
 * fail it (e.g. 91350100M0001TGQXM), so the registry records the warning for manual review.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I, O, Z, S, V
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const; // 3^(i−1) mod 31
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Trims and upper-cases what a person typed. */
export function normaliseUscc(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character (position 18) for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) throw new RangeError('need the first 17 characters of a USCC');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UsccProblem = 'FORMAT' | 'CHECK_CHAR';

/** What is wrong with a (normalised) USCC, or undefined when it is valid. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (!FORMAT.test(code)) return 'FORMAT';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? undefined : 'CHECK_CHAR';
}

/** Whether `code` has the USCC shape (the registry refuses anything else). */
export function isUsccFormat(code: string): boolean {
  return FORMAT.test(code);
}

/**
 * The warning the registry stores for a well-formed code whose check character is wrong
 * (undefined when it passes). The message names the expected character so a clerk can compare.
 */
export function usccWarning(code: string): string | undefined {
  if (usccProblem(code) !== 'CHECK_CHAR') return undefined;
  return `USCC_CHECK_FAILED: check character ${code[17]} does not match the computed ${usccCheckChar(code.slice(0, 17))} (GB 32100-2015); some early pilot-region codes fail this check, review by hand`;
}
