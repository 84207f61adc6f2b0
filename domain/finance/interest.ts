import { assertMinor, divide, type CurrencyCode } from './money.js';

/** How the days of an interest period are counted against a year. */
export type DayCount = 'ACT/360' | 'ACT/365F';

/**
 * ASSUMPTION: the money-market convention of each currency, used when a lender's offer names none.
 * Source: the Association of Corporate Treasurers' wiki (wiki.treasurers.org, "ACT/360" and "Money
 * market"): USD, EUR, JPY and CNY usually ACT/360; GBP ACT/365 fixed; AUD and CAD ACT/365 in
 * their domestic markets. HKD and SGD ACT/365F from general knowledge of their domestic markets
 * (⚠ unverified). For CNY the same 360-day year is what Chinese banks quote as 日利率 = 年利率 ÷ 360
 * (PBoC rule recalled, ⚠ unverified). An offer's own day count always wins over this table.
 */
export const DAY_COUNT: Readonly<Record<CurrencyCode, DayCount>> = {
  CNY: 'ACT/360', USD: 'ACT/360', EUR: 'ACT/360', JPY: 'ACT/360',
  GBP: 'ACT/365F', HKD: 'ACT/365F', SGD: 'ACT/365F', AUD: 'ACT/365F', CAD: 'ACT/365F',
};

const YEAR_DAYS: Readonly<Record<DayCount, bigint>> = { 'ACT/360': 360n, 'ACT/365F': 365n };

const DAY_MS = 86_400_000;

/** Actual days from `from` to `to` ('YYYY-MM-DD'): the first day counts, the last does not. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(a) || Number.isNaN(b)) {
    throw new RangeError(`not dates: ${from}, ${to}`);
  }
  if (b < a) throw new RangeError(`${to} is before ${from}`);
  return (b - a) / DAY_MS;
}

/** The date `days` after `date` ('YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || !Number.isSafeInteger(days)) throw new RangeError(`not a date and a whole number of days: ${date}, ${days}`);
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Simple interest on `principal` minor units at `annualRateBp` for `days` actual days:
 * principal × rate × days / (10,000 × year days).
 * ASSUMPTION: simple (not compounded) interest, rounded HALF_EVEN to the minor unit once per
 * accrual period (banker's rounding, so rounding neither favours lender nor borrower on average);
 * short trade-finance advances are quoted this way (no source found; a lender may state otherwise).
 */
export function interest(input: { principal: number; annualRateBp: number; days: number; dayCount: DayCount }): number {
  assertMinor(input.principal, 'principal');
  assertMinor(input.annualRateBp, 'annualRateBp');
  assertMinor(input.days, 'days');
  const numerator = BigInt(input.principal) * BigInt(input.annualRateBp) * BigInt(input.days);
  return Number(divide(numerator, 10_000n * YEAR_DAYS[input.dayCount], 'HALF_EVEN'));
}

/** Interest from `from` to `to` (dates) in the currency's convention unless `dayCount` is given. */
export function interestBetween(input: { principal: number; annualRateBp: number; from: string; to: string; currency: CurrencyCode; dayCount?: DayCount }): number {
  return interest({
    principal: input.principal,
    annualRateBp: input.annualRateBp,
    days: daysBetween(input.from, input.to),
    dayCount: input.dayCount ?? DAY_COUNT[input.currency],
  });
}
