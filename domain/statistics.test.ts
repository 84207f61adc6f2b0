import { describe, expect, it } from 'vitest';
import {
  addCny, directionOf, fenToCny, liveWindows, milestoneFor, monthsBetween, periodWindow, planSources, ratio, reportCsv, reportFileNames, toFen, yearElapsed,
  type MonthlyReport,
} from './statistics.js';

describe('statistics periods and sources', () => {
  it('lists the months of a range across a year end, and refuses a reversed one', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(() => monthsBetween('2026-03', '2026-02')).toThrow(RangeError);
    expect(() => monthsBetween('2026-13', '2026-14')).toThrow(RangeError);
  });

  it('reads closed rolled-up months from the rollup, the current month and unrolled months live', () => {
    const rolled = new Map([['2026-08', '2026-09-01T00:00:00.000Z'], ['2026-10', '2026-11-01T00:00:00.000Z'], ['2026-11', '2026-11-20T00:00:00.000Z']]);
    const sources = planSources(['2026-08', '2026-09', '2026-10', '2026-11'], '2026-11', rolled);
    expect(sources).toEqual([
      { period: '2026-08', source: 'rollup', refreshedAt: '2026-09-01T00:00:00.000Z' },
      { period: '2026-09', source: 'live' }, // never rolled up
      { period: '2026-10', source: 'rollup', refreshedAt: '2026-11-01T00:00:00.000Z' },
      { period: '2026-11', source: 'live' }, // the current month is always live, even with rows
    ]);
  });

  it('merges adjacent live months into one window (China-time month boundaries)', () => {
    const sources = planSources(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'], '2026-11', new Map([['2026-09', 'x']]));
    const windows = liveWindows(sources);
    expect(windows).toEqual([
      { start: periodWindow('2026-07').start, end: periodWindow('2026-08').end },
      { start: periodWindow('2026-10').start, end: periodWindow('2026-11').end },
    ]);
    // the 1st of October 00:00 in Beijing is 16:00 UTC on 30 September
    expect(new Date(windows[1]!.start).toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('splits import (1210) from export', () => {
    expect(['9610', '9710', '9810', '1210'].map(directionOf)).toEqual(['export', 'export', 'export', 'import']);
  });
});

describe('CNY arithmetic', () => {
  it('adds amounts exactly in fen (no floating point drift)', () => {
    expect(addCny('0.10', '0.20')).toBe('0.30');
    expect(addCny(...Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
    expect(addCny('1999999999.99', '0.01')).toBe('2000000000.00');
    expect(toFen('12')).toBe(1200n);
    expect(toFen('12.5')).toBe(1250n);
    expect(toFen('-3.07')).toBe(-307n);
    expect(fenToCny(-5n)).toBe('-0.05');
    expect(() => toFen('12,5')).toThrow(RangeError);
  });

  it('gives progress as a ratio, null against a zero target', () => {
    expect(ratio(toFen('1000000000.00'), toFen('4000000000.00'))).toBe(0.25);
    expect(ratio(123n, 500n)).toBe(0.246);
    expect(ratio(1n, 0n)).toBeNull();
  });
});

describe("the plan's targets (一、总体要求（三）发展目标)", () => {
  it('measures 2024 and 2026 against their own milestones, 2025 against the next, later years against the last', () => {
    expect(milestoneFor(2024)).toMatchObject({ milestone: { year: 2024, annualTradeValueCny: '2000000000.00', enterprises: 200 }, note: null });
    expect(milestoneFor(2026)).toMatchObject({ milestone: { year: 2026, annualTradeValueCny: '4000000000.00', enterprises: 500 }, note: null });
    expect(milestoneFor(2025).milestone.year).toBe(2026);
    expect(milestoneFor(2025).note).toMatch(/next one \(end of 2026\)/);
    expect(milestoneFor(2027).milestone.year).toBe(2026);
    expect(milestoneFor(2027).note).toMatch(/no target after 2026/);
  });

  it('knows how much of the year has passed, China time', () => {
    expect(yearElapsed(2026, Date.UTC(2025, 11, 31, 15, 59))).toBe(0); // still 2025 in Beijing
    expect(yearElapsed(2026, Date.UTC(2026, 11, 31, 16, 0))).toBe(1); // 2027-01-01 00:00 in Beijing
    expect(yearElapsed(2026, Date.UTC(2026, 6, 2, 16))).toBeCloseTo(0.5, 2);
  });
});

describe('the monthly report as CSV', () => {
  const line = (key: string, label: string, shipments: number, valueCny: string, pending = 0) => ({ key, label, shipments, valueCny, valuePendingShipments: pending });
  const report: MonthlyReport = {
    kind: 'cbec-hub.statistics.monthly',
    period: '2026-10',
    window: { start: '2026-09-30T16:00:00.000Z', end: '2026-10-31T16:00:00.000Z', timezone: 'Asia/Shanghai' },
    generatedAt: '2026-11-01T00:00:00.000Z',
    refreshedAt: '2026-11-01T00:00:00.000Z',
    basis: {},
    totals: { shipments: 3, valueCny: '150.50', valuePendingShipments: 1, enterprises: 2 },
    byDirection: [line('export', 'export (9610, 9710, 9810)', 3, '150.50', 1)],
    byMode: [line('9610', '9610', 3, '150.50', 1)],
    byCorridor: [line('CR_EXPRESS_CHENGDU', 'CR_EXPRESS_CHENGDU', 3, '150.50', 1)],
    byPartnerCountry: [line('304', 'Germany', 3, '150.50', 1)],
    byEnterprise: [line('ent-a', '达州 "Bamboo", Ltd.', 2, '100.00', 1), line('ent-b', 'B', 1, '50.50')],
    targets: {
      plan: { document: 'd', section: 's' }, year: 2026, through: '2026-10', milestoneYear: 2026, note: null,
      tradeValueCny: { actual: '150.50', target: '4000000000.00', progress: 0 }, enterprises: { active: 2, target: 500, progress: 0.004 },
    },
  };

  it('has one line per figure, the total first, quoting labels with commas and quotes', () => {
    const csv = reportCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('period,dimension,key,label,shipments,valueCny,valuePendingShipments');
    expect(lines[1]).toBe('2026-10,total,,all counted shipments,3,150.50,1');
    expect(lines).toContain('2026-10,enterprise,ent-a,"达州 ""Bamboo"", Ltd.",2,100.00,1');
    expect(lines).toContain('2026-10,partnerCountry,304,Germany,3,150.50,1');
    expect(lines.at(-2)).toMatch(/^2026-10,target,annualTradeValueCny,.*,,150\.50,$/);
    expect(lines.at(-1)).toMatch(/^2026-10,target,activeEnterprises,.*,2,,$/);
    expect(lines).toHaveLength(1 + 1 + 6 + 2);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('names the files by period only', () => {
    expect(reportFileNames('2026-10')).toEqual({ json: 'statistics-2026-10.json', csv: 'statistics-2026-10.csv' });
    expect(() => reportFileNames('../etc')).toThrow(RangeError);
  });
});
