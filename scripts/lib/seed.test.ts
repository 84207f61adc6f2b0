import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { tradeStatistics } from '../../db/statistics/index.js';
import { EXCLUDED_STATUSES, periodOf } from '../../domain/statistics.js';
import { createTestDatabase } from '../../test/support/db.js';
import { apportion, clearSeed, MODE_WEIGHTS, seed, seedEnterprises, seedShipments, SHIPMENT_COLUMNS, shiftPeriod, type SeedOptions } from './seed.js';

/**
 * The seed-data generator: a few thousand shipments written in bulk (COPY on PostgreSQL, batched
 * INSERTs on PGlite), then statistics that must match plain SQL over the same rows, and --clear.
 */
let db: Db;
let url: string;
let drop: () => Promise<void>;
// A fixed "now" (the middle of a month): what the generator writes depends on it (which months
// are closed, how many recent shipments are still in flight), so a date read from the clock made
// this file pass in one week and fail in the next.
const now = Date.UTC(2026, 5, 16, 9, 30);
const opts: SeedOptions = { shipments: 3000, enterprises: 12, months: 6, lines: true, seed: 7, now };

beforeAll(async () => {
  const database = await createTestDatabase();
  ({ db, url, drop } = database);
});
afterAll(async () => {
  if (url) await clearSeed(url);
  await drop?.();
});

describe('seed data generator (pure)', () => {
  it('is deterministic for a seed and spreads volumes exactly', () => {
    const first = (s: number) => [...seedShipments({ ...opts, seed: s, shipments: 200 }, seedEnterprises({ ...opts, seed: s }, 0))].slice(0, 50);
    expect(first(7)).toEqual(first(7));
    expect(first(7)).not.toEqual(first(8));
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(1000, [0.6, 0.15, 0.1, 0.15]).reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('writes rows in acceptance order, CNY values within the list limit for B2B', () => {
    const rows = [...seedShipments(opts, seedEnterprises(opts, 0))].map((r) => Object.fromEntries(SHIPMENT_COLUMNS.map((c, i) => [c, r.shipment[i]])));
    expect(rows).toHaveLength(3000);
    const created = rows.map((r) => String(r.createdAt));
    expect([...created].sort()).toEqual(created);
    for (const r of rows.filter((x) => x.mode === '9710' || x.mode === '9810')) expect(Number(r.valueCny)).toBeLessThanOrEqual(5000);
    for (const r of rows.filter((x) => x.mode === '1210')) expect(r.corridor).toBeNull();
    for (const r of rows.filter((x) => x.mode === '9610' && x.currency !== 'CNY')) expect(r.valueCny).toBeNull();
  });
});

describe('npm run seed (a few thousand rows)', () => {
  it('writes the seeded enterprises, shipments and lines, marked seed:, and refreshes StatsMonthly', async () => {
    const result = await seed(url, opts);
    expect(result).toMatchObject({ enterprises: 12, shipments: 3000, lines: 3000 });
    expect(await db.enterprise.count({ where: { id: { startsWith: 'seed:' } } })).toBe(12);
    expect(await db.shipment.count({ where: { enterpriseId: { startsWith: 'seed:' } } })).toBe(3000);
    expect(await db.shipment.count({ where: { enterpriseId: { startsWith: 'seed:' }, NOT: { id: { startsWith: 'shipment:seed:' } } } })).toBe(0);
    expect(await db.shipmentLine.count({ where: { shipmentId: { startsWith: 'shipment:seed:' } } })).toBe(3000);
    const byMode = await db.shipment.groupBy({ by: ['mode'], where: { enterpriseId: { startsWith: 'seed:' } }, _count: { _all: true } });
    for (const m of byMode) expect(m._count._all / 3000).toBeCloseTo(MODE_WEIGHTS[m.mode]!, 1);
    const completed = await db.shipment.count({ where: { enterpriseId: { startsWith: 'seed:' }, status: 'COMPLETED' } });
    const generated = [...seedShipments(opts, seedEnterprises(opts, 0))].filter((r) => r.shipment[SHIPMENT_COLUMNS.indexOf('status')] === 'COMPLETED').length;
    expect(completed).toBe(generated);
    expect(completed / 3000).toBeGreaterThan(0.6); // most shipments of six months are done
    const first = await db.shipment.findFirstOrThrow({ where: { enterpriseId: { startsWith: 'seed:' } }, orderBy: { createdAt: 'asc' } });
    expect(periodOf(first.createdAt) >= shiftPeriod(periodOf(now), -5)).toBe(true);
    const rolled = await db.statsMonthly.findMany({ where: { enterpriseId: { startsWith: 'seed:' } }, distinct: ['period'], select: { period: true }, orderBy: { period: 'asc' } });
    expect(rolled.map((r) => r.period)).toEqual([-5, -4, -3, -2, -1].map((k) => shiftPeriod(periodOf(now), k)));
  });

  it('gives statistics (rollup for closed months + live for this one) that match SQL over the seeded rows', async () => {
    const from = shiftPeriod(periodOf(now), -5);
    const to = periodOf(now);
    const stats = await tradeStatistics(db, { from, to, groupBy: ['enterprise', 'mode'], filters: {} }, now);
    expect(stats.sources.filter((s) => s.source === 'rollup')).toHaveLength(5);
    const sql = await db.$queryRaw<{ enterpriseId: string; mode: string; n: bigint; v: string }[]>`
      SELECT "enterpriseId", "mode", count(*) AS n, COALESCE(sum(round(COALESCE("valueCny", "cnyAmount"), 2)), 0)::text AS v
      FROM "Shipment" WHERE "enterpriseId" LIKE 'seed:%' AND "status" <> ALL(${[...EXCLUDED_STATUSES]}::text[])
      GROUP BY 1, 2 ORDER BY 1, 2`;
    const fromStats = stats.rows
      .filter((r) => r.key.enterprise?.startsWith('seed:'))
      .map((r) => ({ enterpriseId: r.key.enterprise, mode: r.key.mode, n: r.shipments, v: r.valueCny }))
      .sort((a, b) => `${a.enterpriseId}${a.mode}`.localeCompare(`${b.enterpriseId}${b.mode}`));
    expect(fromStats).toEqual(sql.map((r) => ({ enterpriseId: r.enterpriseId, mode: r.mode, n: Number(r.n), v: Number(r.v).toFixed(2) })));
    expect(fromStats.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(2800); // a few percent are cancelled, failed or returned
  });

  it('--clear removes exactly the seed data and refreshes the months it was counted in', async () => {
    const removed = await clearSeed(url, { now });
    expect(removed).toEqual({ enterprises: 12, shipments: 3000 });
    expect(await db.shipment.count({ where: { enterpriseId: { startsWith: 'seed:' } } })).toBe(0);
    expect(await db.shipmentLine.count({ where: { shipmentId: { startsWith: 'shipment:seed:' } } })).toBe(0);
    expect(await db.statsMonthly.count({ where: { enterpriseId: { startsWith: 'seed:' } } })).toBe(0);
  });
});
