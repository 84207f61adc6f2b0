import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDayStart } from './time.js';

describe('China dates', () => {
  it('turns at 16:00 UTC', () => {
    expect(chinaDate(new Date('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(chinaDate(Date.parse('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });
  it('starts a China day at 16:00 UTC of the day before', () => {
    expect(chinaDayStart('2026-11-27').toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(chinaDate(chinaDayStart('2026-01-01'))).toBe('2026-01-01');
  });
});
