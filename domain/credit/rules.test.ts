import { describe, expect, it } from 'vitest';
import { creditModelOn, scoreCredit } from './rules.js';

const model = creditModelOn('2026-11-26');

describe('credit scoring', () => {
  it('starts at the base and explains every contribution', () => {
    const s = scoreCredit(model, { SHIPMENT_COMPLETED: 20, CUSTOMS_REJECTION: 2 }, false);
    expect(s.score).toBe(80 + 20 * 0.2 - 2 * 2);
    expect(s.level).toBe('REGULAR');
    expect(s.contributions).toEqual([
      { kind: 'SHIPMENT_COMPLETED', count: 20, counted: 20, points: 4, why: expect.any(String) },
      { kind: 'CUSTOMS_REJECTION', count: 2, counted: 2, points: -4, why: expect.any(String) },
    ]);
  });

  it('caps good records so volume cannot buy a score', () => {
    expect(scoreCredit(model, { SHIPMENT_COMPLETED: 10_000 }, false).score).toBe(100);
    expect(scoreCredit(model, { SHIPMENT_COMPLETED: 10_000 }, false).contributions[0]?.counted).toBe(100);
  });

  it('falls to dishonest and seriously dishonest as findings accumulate; the negative list overrides', () => {
    expect(scoreCredit(model, { INSPECTION_FINDING: 1 }, false)).toMatchObject({ score: 55, level: 'DISHONEST' });
    expect(scoreCredit(model, { INSPECTION_FINDING: 3 }, false)).toMatchObject({ score: 5, level: 'SERIOUSLY_DISHONEST' });
    expect(scoreCredit(model, {}, true)).toMatchObject({ score: 80, level: 'SERIOUSLY_DISHONEST', negativeListed: true });
  });

  it('never leaves 0..100', () => {
    expect(scoreCredit(model, { INSPECTION_FINDING: 50 }, false).score).toBe(0);
  });
});
