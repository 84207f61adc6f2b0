import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBp, convert, CURRENCY_EXPONENT, divide, formatMinor, toMinor, type CurrencyCode } from './money.js';

const currencies = Object.keys(CURRENCY_EXPONENT) as CurrencyCode[];

describe('money in minor units', () => {
  it('reads and writes amounts with the currency’s own decimals', () => {
    expect(toMinor('1234.5', 'CNY')).toBe(123_450);
    expect(toMinor('1200', 'JPY')).toBe(1200);
    expect(formatMinor(123_450, 'CNY')).toBe('1234.50');
    expect(formatMinor(5, 'USD')).toBe('0.05');
    expect(formatMinor(1200, 'JPY')).toBe('1200');
  });

  it('refuses more decimals than the currency has instead of rounding them away', () => {
    expect(() => toMinor('10.005', 'USD')).toThrow(RangeError);
    expect(() => toMinor('10.5', 'JPY')).toThrow(RangeError);
    expect(() => toMinor('-1.00', 'CNY')).toThrow(RangeError);
  });

  it('round-trips every amount through its decimal string', () => {
    fc.assert(fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (c, minor) => {
      expect(toMinor(formatMinor(minor, c), c)).toBe(minor);
    }));
  });

  it('rounds as named: half-even to the even neighbour, half-up away from zero, floor down', () => {
    expect([divide(5n, 2n, 'HALF_EVEN'), divide(7n, 2n, 'HALF_EVEN'), divide(5n, 2n, 'HALF_UP'), divide(5n, 2n, 'FLOOR')]).toEqual([2n, 4n, 3n, 2n]);
    expect(divide(6n, 4n, 'HALF_EVEN')).toBe(2n);
    expect(divide(7n, 4n, 'FLOOR')).toBe(1n);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
      for (const mode of ['HALF_EVEN', 'HALF_UP', 'FLOOR'] as const) {
        const q = divide(n, d, mode);
        expect(q * d - n <= d && n - q * d < d).toBe(true); // within one unit of the exact quotient
      }
      expect(divide(n, d, 'FLOOR') * d <= n).toBe(true);
    }));
  });

  it('takes a ratio of an amount without ever exceeding it', () => {
    expect(applyBp(1_000_001, 8_000, 'FLOOR')).toBe(800_000);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 10_000 }), (minor, bp) => {
      expect(applyBp(minor, bp, 'FLOOR')).toBeLessThanOrEqual(minor);
    }));
  });

  it('converts at the settlement rate across exponents, keeping the rate', () => {
    // USD 600.00 at 7.082250 → CNY 4249.35, as the bank simulator settles
    expect(convert(60_000, 'USD', 'CNY', '7.082250')).toEqual({ minor: 424_935, currency: 'CNY', rate: '7.082250' });
    // JPY 10,000 at 0.047500 CNY per yen → CNY 475.00
    expect(convert(10_000, 'JPY', 'CNY', '0.047500').minor).toBe(47_500);
    // CNY 1.00 at 21.052632 JPY per yuan → JPY 21
    expect(convert(100, 'CNY', 'JPY', '21.052632').minor).toBe(21);
  });
});
