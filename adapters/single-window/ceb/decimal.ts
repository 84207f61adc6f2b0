/** Decimal helpers for N19,5 fields (xs:decimal, totalDigits 19, fractionDigits 5). */

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Formats a number as plain decimal text: rounds to `maxDecimals` places, never uses exponent
 * notation, trims trailing zeros ("13.890" → "13.89", 2 → "2", -0 → "0").
 * Rounding is JavaScript's `toFixed` on the binary double (e.g. 1.005 → "1" at 2 places);
 * keep amounts as decimal strings end to end where exactness matters.
 */
export function formatDecimal(n: number, maxDecimals = 5): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatDecimal: not a finite number: ${n}`);
  if (!Number.isInteger(maxDecimals) || maxDecimals < 0 || maxDecimals > 100) {
    throw new RangeError(`formatDecimal: bad maxDecimals ${maxDecimals}`);
  }
  // toFixed switches to exponent notation at 1e21; such values are integral doubles anyway.
  let text = Math.abs(n) >= 1e21 ? BigInt(n).toString() : n.toFixed(maxDecimals);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (/^-0*$/.test(text)) text = '0';
  return text;
}

export interface DecimalDigits {
  /** Significant digits in the value (leading integer zeros and trailing fraction zeros not counted). */
  totalDigits: number;
  /** Digits after the point in the value (trailing zeros not counted). */
  fractionDigits: number;
}

/**
 * Digits of an xs:decimal lexical value, counted in the value space as XSD facets are
 * ("0013.50000" has totalDigits 3, fractionDigits 1). Returns undefined if `text` is not
 * an xs:decimal (exponents, commas, blanks and empty strings are not allowed).
 * Whether the customs validator also counts lexically (e.g. rejects "1.000000") is not
 * documented (uncertain) — builders should write at most 5 decimals anyway (formatDecimal).
 */
export function decimalDigits(text: string): DecimalDigits | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return undefined;
  const intDigits = intPart.replace(/^0+/, '').length;
  const frac = fracPart.replace(/0+$/, '');
  return { totalDigits: Math.max(intDigits + frac.length, 1), fractionDigits: frac.length };
}

export function isDecimalText(text: string): boolean {
  return decimalDigits(text) !== undefined;
}
