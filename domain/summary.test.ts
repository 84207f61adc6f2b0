import { describe, expect, it } from 'vitest';
import { isFuturePeriod, isPeriod, periodOf, periodWindow, previousPeriod, summaryDeadline } from './summary.js';

describe('monthly summary periods (China time, UTC+8)', () => {
  it('reads a period', () => {
    expect(isPeriod('2026-01')).toBe(true);
    expect(isPeriod('2026-12')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '']) expect(isPeriod(bad)).toBe(false);
  });

  it('places an instant in its China-time month', () => {
    expect(periodOf('2026-10-31T15:59:59.999Z')).toBe('2026-10');
    expect(periodOf('2026-10-31T16:00:00.000Z')).toBe('2026-11'); // midnight in Beijing
  });

  it('a run on the 1st declares the previous month, across the year', () => {
    expect(previousPeriod('2026-11-30T18:00:00Z')).toBe('2026-11'); // 2026-12-01 02:00 in China
    expect(previousPeriod('2026-12-31T18:00:00Z')).toBe('2026-12'); // 2027-01-01 02:00 in China
    expect(previousPeriod('2027-01-15T00:00:00Z')).toBe('2026-12');
  });

  it('covers the month from China midnight to China midnight', () => {
    const { start, end } = periodWindow('2026-12');
    expect(new Date(start).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('is due at the end of the deadline day of the following month', () => {
    expect(new Date(summaryDeadline('2026-12', 15)).toISOString()).toBe('2027-01-15T16:00:00.000Z'); // 2027-01-16 00:00 China
    expect(new Date(summaryDeadline('2026-01', 15)).toISOString()).toBe('2026-02-15T16:00:00.000Z');
    expect(() => summaryDeadline('2026-01', 31)).toThrow(RangeError);
  });

  it('knows a future month', () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    expect(isFuturePeriod('2026-12', now)).toBe(true);
    expect(isFuturePeriod('2026-11', now)).toBe(false);
    expect(isFuturePeriod('2025-12', now)).toBe(false);
    expect(isFuturePeriod('2026-12', Date.parse('2026-11-30T16:00:00Z'))).toBe(false); // already December in China
  });
});
