/**
 * Statistics monitoring (统计监测, docs/reference/domain-rules.md §6.2; Dazhou plan 二（五）5 "完善统计监测体系"):
 * what is counted, how it is grouped, the plan's targets and the shape of the monthly report.
 * Pure code: the database queries (db/statistics.ts), the API and the report activity use it.
 *
 * Basis of every figure:
 * - a shipment counts in the month (China time) the platform accepted it (`Shipment.createdAt`),
 *   whatever its stage, unless it ended CANCELLED, FAILED (e.g. goods seized) or RETURNED (a
 *   1210 order taken back): the list-based count the plan asks for ("以申报清单…为依据");
 * - its CNY value is the declared CNY value (9710/9810), the CNY price (1210 and CNY-priced
 *   exports), or, for a 9610 priced in foreign currency, the CNY amount settled by the bank or
 *   payment institution; until that settlement the shipment is counted but has no value yet
 *   (`valuePendingShipments`);
 * - import is 1210, export is 9610/9710/9810.
 */
import { isPeriod, periodOf, periodWindow } from './summary.js';

export { isPeriod, periodOf, periodWindow };

/** Statuses whose shipments are not trade: they are left out of every figure. */
export const EXCLUDED_STATUSES = ['CANCELLED', 'FAILED', 'RETURNED'] as const;

export const STATISTICS_TIMEZONE = 'Asia/Shanghai';

/** What a figure can be grouped by. */
export const DIMENSIONS = ['month', 'mode', 'direction', 'corridor', 'partnerCountry', 'enterprise'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const MODES = ['9610', '9710', '9810', '1210'] as const;
export type Direction = 'import' | 'export';

export function directionOf(mode: string): Direction {
  return mode === '1210' ? 'import' : 'export';
}

/** Stored in StatsMonthly for "no corridor" (a 1210 import) and "no partner country"; NONE in the API. */
export const ROLLUP_NONE = '';
export const FILTER_NONE = 'NONE';

/**
 * Customs 3-digit country codes the references confirm (ceb-messages.md §10), for labels in the
 * report; an unknown code is shown as itself.
 */
export const COUNTRY_NAMES: Record<string, string> = {
  '110': 'Hong Kong (China)', '116': 'Japan', '121': 'Macao (China)', '122': 'Malaysia', '129': 'Philippines', '132': 'Singapore',
  '133': 'Korea', '136': 'Thailand', '141': 'Viet Nam', '142': 'China', '143': 'Taiwan (China)',
  '301': 'Belgium', '302': 'Denmark', '303': 'United Kingdom', '304': 'Germany', '305': 'France', '306': 'Ireland', '307': 'Italy',
  '309': 'Netherlands', '312': 'Spain', '315': 'Austria', '326': 'Norway', '330': 'Sweden', '331': 'Switzerland', '344': 'Russian Federation',
  '347': 'Ukraine', '410': 'Brazil', '429': 'Mexico', '501': 'Canada', '502': 'United States', '601': 'Australia', '609': 'New Zealand',
};

/** The period range [from, to] as the list of its months, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  if (!isPeriod(from) || !isPeriod(to)) throw new RangeError(`not periods (YYYY-MM): ${from}, ${to}`);
  if (from > to) throw new RangeError(`from ${from} is after to ${to}`);
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const p = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (p > to) return out;
    out.push(p);
    if (m === 12) {
      y += 1;
      m = 1;
    } else {
      m += 1;
    }
  }
}

export type Source = { period: string; source: 'rollup'; refreshedAt: string } | { period: string; source: 'live' };

/**
 * Where each month's figures come from: the StatsMonthly rollup for a closed month that has one,
 * a live query of the shipments for the current month (always) and for a month never rolled up.
 */
export function planSources(months: readonly string[], currentPeriod: string, rolledUp: ReadonlyMap<string, string>): Source[] {
  return months.map((period) => {
    const refreshedAt = period < currentPeriod ? rolledUp.get(period) : undefined;
    return refreshedAt ? { period, source: 'rollup', refreshedAt } : { period, source: 'live' };
  });
}

/**
 * The instants of the live months as few half-open windows [start, end) as possible (adjacent
 * months merged), so the live query is one index range per run of months.
 */
export function liveWindows(sources: readonly Source[]): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  for (const s of sources) {
    if (s.source !== 'live') continue;
    const w = periodWindow(s.period);
    const last = windows[windows.length - 1];
    if (last && last.end === w.start) last.end = w.end;
    else windows.push({ ...w });
  }
  return windows;
}

/** Adds CNY amounts given as decimal strings exactly (in fen), returning a 2-decimal string. */
export function addCny(...amounts: readonly string[]): string {
  let fen = 0n;
  for (const a of amounts) fen += toFen(a);
  return fenToCny(fen);
}

export function toFen(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(amount.trim());
  if (!m) throw new RangeError(`not a CNY amount: ${amount}`);
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

export function fenToCny(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A share as a ratio rounded to 4 decimals (0.1234 = 12.34 %); null when the whole is 0. */
export function ratio(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

// --- The Dazhou plan's targets ---------------------------------------------------------------

/** Where the targets are written: the zone's implementation plan, part I (3) development targets. */
export const PLAN_REFERENCE = {
  document: '中国（达州）跨境电子商务综合试验区实施方案 (implementation plan of the China (Dazhou) CBEC comprehensive pilot zone)',
  section: '一、总体要求 （三）发展目标 (part I "general requirements", section 3 "development targets")',
} as const;

export interface PlanMilestone {
  /** The year whose end the target is set for. */
  year: number;
  /** 跨境电商进出口年交易额: annual CBEC import and export trade, CNY, to exceed. */
  annualTradeValueCny: string;
  tradeText: string;
  /** 累计引进和培育跨境电商主体: CBEC enterprises introduced and cultivated (cumulative), at least. */
  enterprises: number;
  enterprisesText: string;
}

export const PLAN_MILESTONES: readonly PlanMilestone[] = [
  {
    year: 2024,
    annualTradeValueCny: '2000000000.00',
    tradeText: '力争实现跨境电子商务进出口年交易额超20亿元 (strive for annual CBEC import and export trade over CNY 2 billion by end of 2024)',
    enterprises: 200,
    enterprisesText: '累计引进和培育跨境电商主体不低于200家 (at least 200 CBEC enterprises introduced and cultivated, cumulative, by end of 2024)',
  },
  {
    year: 2026,
    annualTradeValueCny: '4000000000.00',
    tradeText: '实现跨境电商进出口年交易额超40亿元 (annual CBEC import and export trade over CNY 4 billion by end of 2026)',
    enterprises: 500,
    enterprisesText: '累计引进和培育跨境电商主体不低于500家 (at least 500 CBEC enterprises introduced and cultivated, cumulative, by end of 2026)',
  },
];

/**
 * The milestone a year is measured against: its own (2024, 2026), else the next one (2025 against
 * end-2026), else the last one (after 2026 the plan sets no new target).
 */
export function milestoneFor(year: number): { milestone: PlanMilestone; note: string | null } {
  const own = PLAN_MILESTONES.find((m) => m.year === year);
  if (own) return { milestone: own, note: null };
  const next = PLAN_MILESTONES.find((m) => m.year > year);
  if (next) return { milestone: next, note: `the plan sets targets for the end of ${PLAN_MILESTONES.map((m) => m.year).join(' and ')}; ${year} is measured against the next one (end of ${next.year})` };
  const last = PLAN_MILESTONES[PLAN_MILESTONES.length - 1]!;
  return { milestone: last, note: `the plan sets no target after ${last.year}; ${year} is measured against the end-${last.year} target` };
}

/** How much of a calendar year (China time) has passed at `now`: 0 before it, 1 after it. */
export function yearElapsed(year: number, now: number): number {
  const start = periodWindow(`${year}-01`).start;
  const end = periodWindow(`${year}-12`).end;
  if (now <= start) return 0;
  if (now >= end) return 1;
  return Math.round(((now - start) / (end - start)) * 10_000) / 10_000;
}

// --- The monthly report ----------------------------------------------------------------------

export interface ReportLine {
  key: string;
  label: string;
  shipments: number;
  valueCny: string;
  valuePendingShipments: number;
}

export interface MonthlyReport {
  kind: 'cbec-hub.statistics.monthly';
  period: string;
  window: { start: string; end: string; timezone: string };
  generatedAt: string;
  /** When the month's StatsMonthly rows were refreshed (the report's source). */
  refreshedAt: string;
  basis: Record<string, string>;
  totals: { shipments: number; valueCny: string; valuePendingShipments: number; enterprises: number };
  byDirection: ReportLine[];
  byMode: ReportLine[];
  byCorridor: ReportLine[];
  byPartnerCountry: ReportLine[];
  byEnterprise: ReportLine[];
  /** Year to date (January to the period) against the plan's targets. */
  targets: {
    plan: { document: string; section: string };
    year: number;
    through: string;
    milestoneYear: number;
    note: string | null;
    tradeValueCny: { actual: string; target: string; progress: number | null };
    enterprises: { active: number; target: number; progress: number | null };
  };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The report as CSV (RFC 4180, UTF-8): one line per figure, `dimension,key,label,shipments,
 * valueCny,valuePendingShipments`, the month's total first; then the targets.
 */
export function reportCsv(r: MonthlyReport): string {
  const rows: (string | number)[][] = [['period', 'dimension', 'key', 'label', 'shipments', 'valueCny', 'valuePendingShipments']];
  rows.push([r.period, 'total', '', 'all counted shipments', r.totals.shipments, r.totals.valueCny, r.totals.valuePendingShipments]);
  const sections: [string, ReportLine[]][] = [
    ['direction', r.byDirection], ['mode', r.byMode], ['corridor', r.byCorridor], ['partnerCountry', r.byPartnerCountry], ['enterprise', r.byEnterprise],
  ];
  for (const [dimension, lines] of sections) {
    for (const l of lines) rows.push([r.period, dimension, l.key, l.label, l.shipments, l.valueCny, l.valuePendingShipments]);
  }
  rows.push([r.period, 'target', 'annualTradeValueCny', `year ${r.targets.year} to ${r.targets.through} vs end-${r.targets.milestoneYear} target ${r.targets.tradeValueCny.target}`, '', r.targets.tradeValueCny.actual, '']);
  rows.push([r.period, 'target', 'activeEnterprises', `year ${r.targets.year} to ${r.targets.through} vs end-${r.targets.milestoneYear} target ${r.targets.enterprises.target}`, r.targets.enterprises.active, '', '']);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** File names of a period's report under the reports directory. */
export function reportFileNames(period: string): { json: string; csv: string } {
  if (!isPeriod(period)) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { json: `statistics-${period}.json`, csv: `statistics-${period}.csv` };
}

/** The basis texts every statistics response and report carries. */
export const BASIS = {
  period: 'month in which the platform accepted the shipment (order date), China time (Asia/Shanghai)',
  shipments: `shipments accepted in the period, at any stage, except those that ended ${EXCLUDED_STATUSES.join(', ')}`,
  valueCny: 'sum of the shipments\' CNY values: declared CNY value (9710, 9810), CNY price (1210 and CNY-priced exports), or the settled CNY amount of a foreign-currency 9610; each value rounded to the fen',
  valuePendingShipments: 'counted shipments without a CNY value yet (foreign-currency 9610 before FX settlement), whose value is added once settled; counted for live months only (a rolled-up month reports 0, see sources)',
  direction: 'import = 1210 bonded import; export = 9610, 9710, 9810',
  partnerCountry: 'customs 3-digit country code: destination of an export, country of origin of a 1210 import (first line)',
  // list-based figures: docs/reference/domain-rules.md §6.2 (cited here, never in an answer)
  coverage: 'figures of the declarations handled by this platform (list-based: not the full-scope customs figure for the city)',
} as const;
