import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCny, milestoneFor, periodOf, periodWindow } from '../../domain/statistics.js';
import { shiftPeriod } from '../../scripts/lib/seed.js';
import { createTestDatabase } from '../../test/support/db.js';
import type { Db } from '../client.js';
import { drilldown, PeriodNotClosed, planProgress, refreshStatsMonth, RollupCache, rolledUpPeriods, staleRollupPeriods, tradeStatistics } from './index.js';

/**
 * The rollup and aggregation logic on a real database (PostgreSQL with TEST_DATABASE_URL, else the
 * shared PGlite): projection rows written directly in three months, figures checked against the
 * rows by hand, the rollup against the live aggregation, staleness, and the drill-down.
 * Figures are scoped to this file's enterprises (the PGlite database is shared between files).
 */
let db: Db;
let drop: () => Promise<void>;
const tag = randomBytes(3).toString('hex');
const A = `stats-a-${tag}`;
const B = `stats-b-${tag}`;
const now = Date.now();
const current = periodOf(now);
const m1 = shiftPeriod(current, -1);
const m2 = shiftPeriod(current, -2);
let n = 0;

/** A projection row (what createShipment and the workflow leave behind), `at` ms into the month. */
async function row(enterpriseId: string, period: string, s: { mode: string; corridor?: string | null; country?: string | null; status?: string; valueCny?: string | null; cnyAmount?: string | null; currency?: string; invtNo?: string | null; at?: number }) {
  const orderNo = `ST-${tag}-${++n}`;
  const { start, end } = periodWindow(period);
  const createdAt = new Date(Math.min(start + (s.at ?? n * 60_000), end - 1, period === current ? now - 1000 : Infinity));
  await db.shipment.create({
    data: {
      id: `shipment:${enterpriseId}:${orderNo}`, enterpriseId, orderNo, mode: s.mode,
      corridor: s.mode === '1210' ? null : s.corridor === undefined ? 'CR_EXPRESS_CHENGDU' : s.corridor,
      status: s.status ?? 'COMPLETED', stage: 'done', requestHash: 'test', request: {}, currency: s.currency ?? 'CNY', goodsValue: '1',
      partnerCountry: s.country === undefined ? '304' : s.country, valueCny: s.valueCny ?? null, cnyAmount: s.cnyAmount ?? null,
      invtNo: s.invtNo === undefined ? `7901${period.slice(0, 4)}E${String(n).padStart(9, '0')}` : s.invtNo, createdAt,
    },
  });
  return `shipment:${enterpriseId}:${orderNo}`;
}

beforeAll(async () => {
  const database = await createTestDatabase();
  db = database.db;
  drop = database.drop;
  for (const id of [A, B]) await db.enterprise.create({ data: { id, name: `Statistics ${id}`, customsCode: `ST${tag}${id === A ? 'A' : 'B'}` } });
  // two months ago
  await row(A, m2, { mode: '9610', valueCny: '100.00' });
  await row(A, m2, { mode: '9610', currency: 'EUR', cnyAmount: '77.555' }); // settled foreign-currency 9610: rounded per shipment
  await row(A, m2, { mode: '9610', currency: 'EUR', status: 'FX_SETTLEMENT' }); // not settled yet: counted, no value
  await row(A, m2, { mode: '1210', valueCny: '300.00', country: '601' });
  await row(A, m2, { mode: '9710', valueCny: '4800.00', status: 'CANCELLED' }); // not trade
  await row(B, m2, { mode: '9710', valueCny: '2000.00', corridor: 'LAND_SEA_QINZHOU', country: '141' });
  // last month
  await row(A, m1, { mode: '9810', valueCny: '1500.00', corridor: 'RAIL_WATER_YANGTZE', country: '502', status: 'AT_WAREHOUSE' });
  await row(A, m1, { mode: '1210', valueCny: '250.50', country: '601', status: 'RETURNED' }); // returned: not trade
  await row(B, m1, { mode: '9610', valueCny: '10.10', corridor: 'POSTAL_INTERNATIONAL', country: '303' });
  // this month
  await row(A, current, { mode: '9610', valueCny: '20.00', status: 'IN_TRANSIT' });
  await row(A, current, { mode: '1210', valueCny: '99.99', country: '116', status: 'DELIVERED', at: 1000 });
});

afterAll(async () => {
  await db?.shipment.deleteMany({ where: { enterpriseId: { in: [A, B] } } });
  await db?.statsMonthly.deleteMany({ where: { enterpriseId: { in: [A, B] } } });
  await db?.enterprise.deleteMany({ where: { id: { in: [A, B] } } });
  await drop?.();
});

const mine = { enterpriseId: A };

describe('trade statistics (live)', () => {
  it('counts by mode what is trade, with CNY values rounded per shipment and unsettled 9610 pending', async () => {
    const r = await tradeStatistics(db, { from: m2, to: current, groupBy: ['mode'], filters: mine, live: true });
    expect(r.sources.every((s) => s.source === 'live')).toBe(true);
    const byMode = Object.fromEntries(r.rows.map((x) => [x.key.mode, x]));
    expect(byMode['9610']).toEqual({ key: { mode: '9610' }, shipments: 4, valueCny: '197.56', valuePendingShipments: 1 }); // 100 + 77.56 + 20
    expect(byMode['1210']).toEqual({ key: { mode: '1210' }, shipments: 2, valueCny: '399.99', valuePendingShipments: 0 });
    expect(byMode['9810']).toMatchObject({ shipments: 1, valueCny: '1500.00' });
    expect(byMode['9710']).toBeUndefined(); // the only one was cancelled
    expect(r.totals).toEqual({ shipments: 7, valueCny: '2097.55', valuePendingShipments: 1 });
    expect(r.rows.map((x) => x.key.mode)).toEqual(['9810', '1210', '9610']); // largest value first
  });

  it('groups by month and direction, and by corridor with no corridor for 1210 (NONE filter)', async () => {
    const r = await tradeStatistics(db, { from: m2, to: current, groupBy: ['month', 'direction'], filters: mine, live: true });
    expect(r.rows.map((x) => [x.key.month, x.key.direction, x.shipments, x.valueCny])).toEqual([
      [m2, 'import', 1, '300.00'], [m2, 'export', 3, '177.56'],
      [m1, 'export', 1, '1500.00'],
      [current, 'import', 1, '99.99'], [current, 'export', 1, '20.00'],
    ]);
    const corridors = await tradeStatistics(db, { from: m2, to: current, groupBy: ['corridor'], filters: mine, live: true });
    expect(corridors.rows.find((x) => x.key.corridor === null)).toMatchObject({ shipments: 2, valueCny: '399.99' });
    const none = await tradeStatistics(db, { from: m2, to: current, groupBy: [], filters: { ...mine, corridor: 'NONE' }, live: true });
    expect(none.totals).toMatchObject({ shipments: 2, valueCny: '399.99' });
    const imports = await tradeStatistics(db, { from: m2, to: current, groupBy: ['partnerCountry'], filters: { ...mine, direction: 'import' }, live: true });
    expect(imports.rows.map((x) => [x.key.partnerCountry, x.shipments])).toEqual([['601', 1], ['116', 1]]);
  });

  it('groups by enterprise for the zone', async () => {
    const r = await tradeStatistics(db, { from: m2, to: m1, groupBy: ['enterprise'], filters: {}, live: true });
    const ours = r.rows.filter((x) => x.key.enterprise === A || x.key.enterprise === B);
    expect(ours.map((x) => [x.key.enterprise, x.shipments, x.valueCny])).toEqual([[B, 2, '2010.10'], [A, 5, '1977.56']]);
  });
});

describe('the StatsMonthly rollup', () => {
  it('refuses the current month (not closed)', async () => {
    await expect(refreshStatsMonth(db, current)).rejects.toBeInstanceOf(PeriodNotClosed);
  });

  it('gives the same figures from the rollup as live, and the current month stays live', async () => {
    const r2 = await refreshStatsMonth(db, m2);
    await refreshStatsMonth(db, m1);
    expect(r2.rows).toBeGreaterThanOrEqual(3); // A 1210, A 9610, B 9710 (and other files' rows on a shared PGlite)
    const rolled = await rolledUpPeriods(db, m2, current);
    expect([...rolled.keys()]).toEqual([m2, m1]);
    const rows = await db.statsMonthly.findMany({ where: { period: m2, enterpriseId: A }, orderBy: [{ mode: 'asc' }] });
    expect(rows.map((x) => [x.mode, x.corridor, x.partnerCountry, x.shipments, x.valueCny.toFixed(2)])).toEqual([
      ['1210', '', '601', 1, '300.00'],
      ['9610', 'CR_EXPRESS_CHENGDU', '304', 3, '177.56'],
    ]);
    for (const groupBy of [['mode'], ['month', 'direction'], ['corridor', 'partnerCountry'], []] as const) {
      for (const filters of [mine, { enterpriseId: B }, { ...mine, mode: '9610' }, { ...mine, corridor: 'NONE' }]) {
        const viaRollup = await tradeStatistics(db, { from: m2, to: current, groupBy, filters });
        const live = await tradeStatistics(db, { from: m2, to: current, groupBy, filters, live: true });
        expect(viaRollup.sources.map((s) => s.source)).toEqual(['rollup', 'rollup', 'live']);
        // the rollup does not know which shipments await settlement; everything else is identical
        const strip = (x: typeof live) => x.rows.map(({ valuePendingShipments: _p, ...rest }) => rest);
        expect(strip(viaRollup)).toEqual(strip(live));
      }
    }
  });

  it('finds months whose shipments changed after the rollup and refreshes them', async () => {
    await refreshStatsMonth(db, m2);
    await refreshStatsMonth(db, m1);
    expect(await staleRollupPeriods(db, current)).not.toContain(m2);
    // the pending 9610 of two months ago is settled now
    const pending = await db.shipment.findFirstOrThrow({ where: { enterpriseId: A, status: 'FX_SETTLEMENT' } });
    await db.shipment.update({ where: { id: pending.id }, data: { status: 'COMPLETED', cnyAmount: '12.345' } });
    const stale = await staleRollupPeriods(db, current);
    expect(stale).toContain(m2);
    expect(stale).not.toContain(m1);
    const before = await tradeStatistics(db, { from: m2, to: m2, groupBy: [], filters: mine });
    expect(before.totals.valueCny).toBe('477.56'); // the rollup as it was
    await refreshStatsMonth(db, m2);
    const after = await tradeStatistics(db, { from: m2, to: m2, groupBy: [], filters: mine });
    expect(after.totals).toMatchObject({ shipments: 4, valueCny: '489.91' }); // + 12.35
    expect(await staleRollupPeriods(db, current)).not.toContain(m2);
  });
});

describe('drill-down', () => {
  it('lists exactly the shipments behind a figure, newest first, page by page across months', async () => {
    const figure = await tradeStatistics(db, { from: m2, to: current, groupBy: [], filters: mine });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await drilldown(db, { from: m2, to: current, filters: mine, cursor, limit: 2 });
      expect(page.figure).toEqual(figure.totals);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(figure.totals.shipments);
    expect(new Set(seen).size).toBe(seen.length);
    const items = await db.shipment.findMany({ where: { id: { in: seen } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(items.map((i) => i.id)).toEqual(seen);
    expect(items.every((i) => !['CANCELLED', 'FAILED', 'RETURNED'].includes(i.status))).toBe(true);
  });

  it('carries the value basis and the declaration numbers, and reads nothing for an empty figure', async () => {
    const page = await drilldown(db, { from: m2, to: m2, filters: { ...mine, mode: '9610' }, limit: 10 });
    expect(page.items.map((i) => [i.valueSource, i.valueCny])).toEqual(expect.arrayContaining([['accepted', '100.00'], ['settled', '77.56'], ['settled', '12.35']]));
    expect(page.items.every((i) => i.invtNo?.startsWith('7901'))).toBe(true);
    const empty = await drilldown(db, { from: m2, to: current, filters: { ...mine, partnerCountry: '609' }, limit: 10 });
    expect(empty).toMatchObject({ figure: { shipments: 0 }, items: [], nextCursor: null });
  });
});

describe('plan progress', () => {
  it('counts active enterprises and the import/export split of the year', async () => {
    const year = Number(current.slice(0, 4));
    const p = await planProgress(db, year, now);
    expect(p.figures.activeEnterprises).toBeGreaterThanOrEqual(1); // A trades this month
    expect(p.milestone).toEqual(milestoneFor(year));
    expect(p.figures.tradeValueCny).toBe(addCny(p.figures.exportValueCny, p.figures.importValueCny));
    const mineThisYear = await tradeStatistics(db, { from: `${year}-01`, to: current, groupBy: ['enterprise'], filters: {} }, now);
    expect(p.figures.activeEnterprises).toBe(mineThisYear.rows.length);
  });
});

describe('the rollup cache', () => {
  it('keeps the most recently used entries within its bounds and skips oversized results', () => {
    const cache = new RollupCache(2, 3);
    const g = (n: number) => Array.from({ length: n }, (_, i) => ({ keys: [String(i)], n: 1, fen: 100n, pending: 0 }));
    cache.set('a', g(1));
    cache.set('b', g(1));
    expect(cache.get('a')).toHaveLength(1); // a is now the most recent
    cache.set('c', g(2)); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toHaveLength(2);
    cache.set('d', g(4)); // too many groups: not kept
    expect(cache.get('d')).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
  });
});
