import type { z } from 'zod';
import type { Currency } from '../shipment.schema.js';

/**
 * Money in minor units of its currency (CNY fen, USD/EUR cents, JPY yen), as safe integers so
 * amounts travel through workflow payloads and JSON unchanged. Products of amounts and rates are
 * computed in bigint and rounded once, with the rounding named at the call (never implicit).
 * Pure: the workflow bundle may import this file.
 */
export type CurrencyCode = z.infer<typeof Currency>;

/**
 * Decimal places of each currency the platform prices in (domain/shipment.schema.ts `Currency`).
 * ASSUMPTION: the ISO 4217 minor-unit exponents (JPY 0, the others 2); the source is ISO 4217's
 * list of codes, as every bank API the platform talks to uses them (adapters/bank: 2-decimal amounts).
 */
export const CURRENCY_EXPONENT: Readonly<Record<CurrencyCode, number>> = {
  CNY: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0, HKD: 2, SGD: 2, AUD: 2, CAD: 2,
};

/** How a quotient is brought to a whole minor unit. */
export type Rounding = 'HALF_EVEN' | 'HALF_UP' | 'FLOOR';

export function isCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_EXPONENT, code);
}

export function exponentOf(currency: CurrencyCode): number {
  return CURRENCY_EXPONENT[currency];
}

export function assertMinor(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of minor units, got ${value}`);
}

/** A decimal string ('1234.5', '1200') → minor units; more decimals than the currency has is refused, not rounded. */
export function toMinor(amount: string, currency: CurrencyCode): number {
  const exp = exponentOf(currency);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m || (m[2] ?? '').length > exp) throw new RangeError(`not a ${currency} amount with at most ${exp} decimals: ${amount}`);
  const minor = Number(BigInt(m[1]!) * 10n ** BigInt(exp) + BigInt((m[2] ?? '').padEnd(exp, '0') || '0'));
  assertMinor(minor, 'amount');
  return minor;
}

/** Minor units → the decimal string banks exchange ('1234.50'; JPY '1200'). */
export function formatMinor(minor: number, currency: CurrencyCode): string {
  assertMinor(minor, 'amount');
  const exp = exponentOf(currency);
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** numerator / denominator (both ≥ 0, denominator > 0) to a whole number by `rounding`. */
export function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divide works on a non-negative numerator and a positive denominator');
  const q = numerator / denominator;
  const r = numerator % denominator;
  if (rounding === 'FLOOR' || r === 0n) return q;
  const twice = 2n * r;
  if (twice > denominator) return q + 1n;
  if (twice < denominator) return q;
  return rounding === 'HALF_UP' || q % 2n === 1n ? q + 1n : q;
}

/** Basis points (1/100 of a percent): ratios, haircuts and annual rates. 10,000 bp = 100 %. */
export const BP = 10_000n;

/** `minor` × `bp` / 10,000, rounded as named: advance limits (FLOOR), premiums, fees. */
export function applyBp(minor: number, bp: number, rounding: Rounding): number {
  assertMinor(minor, 'amount');
  assertMinor(bp, 'basis points');
  return Number(divide(BigInt(minor) * BigInt(bp), BP, rounding));
}

/** A decimal FX rate ('7.082250': units of `to` per one unit of `from`) as an integer and its scale. */
function parseRate(rate: string): { units: bigint; scale: number } {
  const m = /^(\d{1,6})(?:\.(\d{1,10}))?$/.exec(rate);
  if (!m) throw new RangeError(`not an FX rate: ${rate}`);
  const decimals = m[2] ?? '';
  return { units: BigInt(m[1]! + decimals), scale: decimals.length };
}

/**
 * Converts foreign-currency minor units at a settlement rate (units of `to` per unit of `from`),
 * keeping the rate with the result so the conversion can be shown and checked later.
 * ASSUMPTION: conversions round HALF_UP to the minor unit, as the bank simulator settles
 * (adapters/bank/simulator.ts) and as banks' settlement advices show; a lender may name another.
 */
export function convert(minor: number, from: CurrencyCode, to: CurrencyCode, rate: string, rounding: Rounding = 'HALF_UP'): { minor: number; currency: CurrencyCode; rate: string } {
  assertMinor(minor, 'amount');
  const { units, scale } = parseRate(rate);
  const shift = exponentOf(to) - exponentOf(from);
  const numerator = BigInt(minor) * units * 10n ** BigInt(Math.max(shift, 0));
  const denominator = 10n ** BigInt(scale + Math.max(-shift, 0));
  const result = Number(divide(numerator, denominator, rounding));
  assertMinor(result, 'converted amount');
  return { minor: result, currency: to, rate };
}

/** Sum of minor amounts, refusing to leave the safe-integer range. */
export function sum(values: readonly number[]): number {
  const total = values.reduce((s, v) => s + v, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('sum of minor units is beyond the safe-integer range');
  return total;
}
