import { describe, expect, it } from 'vitest';
import { DAY } from '../time.js';
import { creditDueAt, creditDueDate, lossDeadline, lossPresumedAfterMs, transitOutcome } from './insured-events.js';

const departedAt = '2026-12-01T00:00:00.000Z';
const SCALE = 86_400; // a business day lasts a second

describe('insured events from the shipment’s facts', () => {
  it('presumes a consignment lost 30 business days after its corridor’s transit service level', () => {
    // China–Europe express via Chengdu: border 10 + arrival 12 business days
    expect(lossPresumedAfterMs('CR_EXPRESS_CHENGDU')).toBe(52 * DAY);
    const deadline = lossDeadline(departedAt, 'CR_EXPRESS_CHENGDU', SCALE);
    expect(deadline - Date.parse(departedAt)).toBe(52_000);
    const facts = { corridor: 'CR_EXPRESS_CHENGDU', departed: { at: departedAt }, arrived: false };
    expect(transitOutcome(facts, deadline - 1, SCALE)).toEqual({ kind: 'NONE' });
    expect(transitOutcome(facts, deadline, SCALE)).toEqual({ kind: 'LOST', departedAt });
  });

  it('never presumes arrived or undeparted goods lost', () => {
    const late = Date.parse(departedAt) + 10_000_000;
    expect(transitOutcome({ corridor: 'CR_EXPRESS_CHENGDU', departed: { at: departedAt }, arrived: true }, late, SCALE)).toEqual({ kind: 'NONE' });
    expect(transitOutcome({ corridor: 'CR_EXPRESS_CHENGDU', departed: null }, late, SCALE)).toEqual({ kind: 'NONE' });
  });

  it('reports a seizure before anything else', () => {
    const seized = { on: '2026-12-02', note: 'prohibited goods found' };
    expect(transitOutcome({ corridor: 'CR_EXPRESS_CHENGDU', departed: null, seized }, 0, SCALE)).toEqual({ kind: 'SEIZED', ...seized });
  });

  it('puts an export credit’s due date the payment term after release, its wait scaled', () => {
    expect(creditDueDate('2026-12-06', 90)).toBe('2027-03-06');
    expect(creditDueAt('2026-12-06T02:00:00.000Z', 30, SCALE) - Date.parse('2026-12-06T02:00:00.000Z')).toBe(30_000);
  });
});
