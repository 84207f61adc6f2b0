import { describe, expect, it } from 'vitest';
import { lastMonths, monthRange } from './months.js';

describe('months of the console’s pickers', () => {
  it('lists the last months newest first, across a year boundary', () => {
    expect(lastMonths(3, new Date(2027, 0, 20))).toEqual(['2027-01', '2026-12', '2026-11']);
  });

  it('gives a month as [from, to) days, December rolling over to January', () => {
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(monthRange('2026-09')).toEqual({ from: '2026-09-01', to: '2026-10-01' });
  });
});
