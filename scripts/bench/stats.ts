import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createStatisticsActivities } from '../../activities/statistics.activities.js';
import { buildApp } from '../../api/app.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { dataConverter } from '../../codec/index.js';
import { loadConfig } from '../../config/config.js';
import { createDb } from '../../db/client.js';
import { refreshStatsMonth, rollupCache } from '../../db/statistics/index.js';
import { periodOf } from '../../domain/statistics.js';
import { previousPeriod } from '../../domain/summary.js';
import { seed, shiftPeriod } from '../lib/seed.js';
import { freePort } from '../lib/tools.js';

export interface StatsRow {
  endpoint: string;
  coldP50: number;
  coldP95: number;
  warmP50: number;
  warmP95: number;
  max: number;
}

export interface StatsResult {
  shipments: number;
  seedMs?: number;
  seedMethod?: string;
  rows: StatsRow[];
  refreshMs: number;
  reportMs: number;
}

/**
 * Latency of every statistics endpoint over HTTP against `url` (seeded first when `shipments` is
 * given), sequential requests after a warm-up; `log` gets the printed lines.
 */
export async function runStatsBench(o: { url: string; schema?: string | undefined; shipments?: number; requests: number; warmup: number; log: (line: string) => void }): Promise<StatsResult> {
  const { url, schema, requests, warmup } = o;
  const result: StatsResult = { shipments: 0, rows: [], refreshMs: 0, reportMs: 0 };
  if (o.shipments) {
    const n = o.shipments;
    const r = await seed(url, { shipments: n, enterprises: Math.min(500, Math.max(5, Math.ceil(n / 2000))), months: 24, lines: false, seed: 42, now: Date.now() }, (l) => o.log(`seed: ${l}`), schema);
    o.log(`seed: ${n.toLocaleString('en')} shipments in ${(r.totalMs / 1000).toFixed(1)} s (${r.method})`);
    result.seedMs = r.totalMs;
    result.seedMethod = r.method;
  }

  const reportsDir = mkdtempSync(path.join(tmpdir(), 'cbec-bench-reports-'));
  const port = await freePort();
  const config = loadConfig({ CBEC_ENV: 'development', ...process.env, REPORTS_DIR: reportsDir, PORT: String(port) });
  const db = createDb(url, { ...(schema ? { schema } : {}), poolSize: 10 });
  const temporal = new Client({ connection: Connection.lazy({ address: config.TEMPORAL_ADDRESS }), dataConverter: dataConverter(config) });
  const app = await buildApp({ db, temporal, config });
  await app.listen({ host: '127.0.0.1', port });
  const base = `http://127.0.0.1:${port}`;

  const shipments = await db.shipment.count();
  const top = await db.shipment.groupBy({ by: ['enterpriseId'], _count: { _all: true }, orderBy: { _count: { enterpriseId: 'desc' } }, take: 1 });
  const enterpriseId = top[0]?.enterpriseId;
  if (!enterpriseId) throw new Error('no shipments in the database: seed it first (npm run seed -- --shipments 1000000)');
  const enterpriseKey = `bench-key-${enterpriseId.replace(/[^a-z0-9]/gi, '')}-0001`;
  const ent = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  await ensureEnterpriseWithKey(db, { id: ent.id, name: ent.name, customsCode: ent.customsCode, key: enterpriseKey, label: 'bench:stats' });
  const opsKey = config.OPS_API_KEY.reveal();

  const now = Date.now();
  const current = periodOf(now);
  const from24 = shiftPeriod(current, -23);
  const ytd = `${current.slice(0, 4)}-01`;
  const last = previousPeriod(now);
  // the report endpoint reads a file the monthly workflow writes: write last month's the same way
  const started = Date.now();
  const rollup = await refreshStatsMonth(db, last);
  const refreshMs = Date.now() - started;
  const reportStarted = Date.now();
  await createStatisticsActivities({ db, reportsDir }).writeStatisticsReport({ period: last, generatedAt: new Date().toISOString(), refreshedAt: rollup.refreshedAt });
  const reportMs = Date.now() - reportStarted;

  const get = async (p: string, key: string): Promise<unknown> => {
    const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${key}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${text.slice(0, 300)}`);
    return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  };
  // drill-down page 5: follow four cursors first
  let cursor: string | undefined;
  for (let i = 0; i < 4; i++) {
    const page = (await get(`/v1/statistics/drilldown?from=${from24}&to=${current}&mode=9610&limit=50${cursor ? `&cursor=${cursor}` : ''}`, opsKey)) as { nextCursor: string | null };
    cursor = page.nextCursor ?? undefined;
  }

  const cases: [string, string, string][] = [
    ['trade: zone total, year to date', `/v1/statistics/trade?from=${ytd}&to=${current}`, opsKey],
    ['trade: zone by month × mode, 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=month,mode`, opsKey],
    ['trade: zone by direction (import/export), 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=direction`, opsKey],
    ['trade: zone by corridor, 9610, 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=corridor&mode=9610`, opsKey],
    ['trade: zone by partner country, 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=partnerCountry`, opsKey],
    ['trade: zone by enterprise, year to date', `/v1/statistics/trade?from=${ytd}&to=${current}&groupBy=enterprise`, opsKey],
    ['trade: zone current month by mode (live only)', `/v1/statistics/trade?from=${current}&to=${current}&groupBy=mode`, opsKey],
    ['trade: enterprise key by month, 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=month`, enterpriseKey],
    ['trade: enterprise key by partner country × mode, 24 months', `/v1/statistics/trade?from=${from24}&to=${current}&groupBy=partnerCountry,mode`, enterpriseKey],
    ['drilldown: zone 9810, 24 months, page 1', `/v1/statistics/drilldown?from=${from24}&to=${current}&mode=9810&limit=50`, opsKey],
    ['drilldown: zone 9610, 24 months, page 5', `/v1/statistics/drilldown?from=${from24}&to=${current}&mode=9610&limit=50${cursor ? `&cursor=${cursor}` : ''}`, opsKey],
    ['drilldown: zone partner country 609 (rare), 24 months', `/v1/statistics/drilldown?from=${from24}&to=${current}&partnerCountry=609&limit=50`, opsKey],
    ['drilldown: one month × mode × corridor × country', `/v1/statistics/drilldown?from=${last}&to=${last}&mode=9610&corridor=CR_EXPRESS_CHENGDU&partnerCountry=304&limit=50`, opsKey],
    ['drilldown: enterprise key, 24 months', `/v1/statistics/drilldown?from=${from24}&to=${current}&limit=50`, enterpriseKey],
    ['targets: current year', '/v1/statistics/targets', opsKey],
    [`reports: ${last} JSON`, `/v1/statistics/reports/${last}`, opsKey],
    [`reports: ${last} CSV`, `/v1/statistics/reports/${last}?format=csv`, opsKey],
  ];

  result.shipments = shipments;
  o.log(`\n${shipments.toLocaleString('en')} shipments, StatsMonthly ${(await db.statsMonthly.count()).toLocaleString('en')} rows; ${requests} sequential requests per endpoint and pass after ${warmup} warm-up`);
  o.log('cold: the rollup cache emptied before every request (first request after a refresh); warm: repeated requests\n');
  o.log(`${'endpoint'.padEnd(62)} ${'cold p50'.padStart(9)} ${'cold p95'.padStart(9)} ${'warm p50'.padStart(9)} ${'warm p95'.padStart(9)} ${'max'.padStart(7)}  (ms)`);
  const measure = async (p: string, key: string, cold: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      if (cold) rollupCache.clear();
      const t = performance.now();
      await get(p, key);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  const q = (times: number[], f: number) => times[Math.min(times.length - 1, Math.ceil(f * times.length) - 1)]!;
  for (const [name, p, key] of cases) {
    for (let i = 0; i < warmup; i++) await get(p, key);
    const cold = await measure(p, key, true);
    const warm = await measure(p, key, false);
    const f = (x: number) => x.toFixed(1).padStart(9);
    o.log(`${name.padEnd(62)} ${f(q(cold, 0.5))} ${f(q(cold, 0.95))} ${f(q(warm, 0.5))} ${f(q(warm, 0.95))} ${Math.max(cold.at(-1)!, warm.at(-1)!).toFixed(0).padStart(7)}`);
    result.rows.push({ endpoint: name, coldP50: q(cold, 0.5), coldP95: q(cold, 0.95), warmP50: q(warm, 0.5), warmP95: q(warm, 0.95), max: Math.max(cold.at(-1)!, warm.at(-1)!) });
  }
  o.log(`\nmonthly workflow steps for ${last}: StatsMonthly refresh ${refreshMs} ms, report (JSON + CSV) ${reportMs} ms`);

  await app.close();
  await db.apiKey.deleteMany({ where: { label: 'bench:stats' } });
  await db.$disconnect();
  rmSync(reportsDir, { recursive: true, force: true });
  result.refreshMs = refreshMs;
  result.reportMs = reportMs;
  return result;
}

