import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStatsMonth } from '../../db/statistics/index.js';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { addCny, EXCLUDED_STATUSES, periodOf, periodWindow } from '../../domain/statistics.js';
import { previousPeriod } from '../../domain/summary.js';
import { shiftPeriod } from '../../scripts/lib/seed.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { ensureStatisticsSchedule, STATISTICS_CATCHUP_WINDOW } from '../../worker/statistics-schedule.js';
import { STATISTICS_SCHEDULE_ID, type MonthlyStatisticsResult } from '../../workflows/statistics-contract.js';
import { shipment9610 } from '../support/fixtures.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

/**
 * Statistics monitoring on the real platform: shipments created through the API (9610, 9710,
 * 1210) and projection rows written directly (past months, cancelled rows: the workflow path is
 * irrelevant there) give exactly the expected figures; the monthly report of a past month, run by
 * ops through its Temporal workflow and by the `monthly-statistics` Schedule, has the right totals
 * in JSON and CSV; an enterprise key never sees another enterprise's figures.
 */
type Order1210 = Extract<ShipmentCreate, { mode: '1210' }>;
type Order9710 = Extract<ShipmentCreate, { mode: '9710' }>;
const example1210 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Order1210;
const example9710 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Order9710;

let p: Platform;
let reportsDir: string;
let otherId: string;
const current = periodOf(Date.now());
const lastMonth = previousPeriod(Date.now());

beforeAll(async () => {
  reportsDir = mkdtempSync(path.join(tmpdir(), 'cbec-reports-'));
  p = await startPlatform({ timeScale: 864_000, env: { REPORTS_DIR: reportsDir } });
  otherId = `${p.enterpriseId}-other`;
  const entry = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: example1210.warehouse.code, entryNo: 'ST-ENTRY-1', lines: [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 5 }] } });
  expect(entry.response.status).toBe(202);
  await eventually(async () => {
    const { data } = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data!.id } } });
    return data?.status === 'RECEIVED' ? data : undefined;
  }, 'bonded stock entry to be received');
});
afterAll(async () => {
  await p?.stop();
  if (reportsDir) rmSync(reportsDir, { recursive: true, force: true });
});

function order1210(orderNo: string): Order1210 {
  const first17 = '51170219850101123';
  const id = first17 + residentIdCheckChar(first17);
  const body: Order1210 = {
    ...example1210, orderNo, buyer: { ...example1210.buyer, idNumber: id }, logistics: { ...example1210.logistics, waybillNo: `WB${orderNo}` },
    payment: { ...example1210.payment, transactionId: `PAY-${orderNo}`, payer: { ...example1210.payment.payer, idNumber: id } },
  };
  const figures = importOrderFigures(body, new Date().toISOString().slice(0, 10), 0);
  return { ...body, payment: { ...body.payment, amountPaid: Number(fenText(figures.acturalPaidFen)) } };
}

async function as(key: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await fetch(`${p.apiUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as any };
}
const ops = (method: 'GET' | 'POST', url: string, body?: unknown) => as(p.config.OPS_API_KEY.reveal(), method, url, body);

let n = 0;
/** A projection row written directly (the workflow path is irrelevant for statistics). */
async function projectionRow(enterpriseId: string, period: string, s: { mode: string; status?: string; valueCny?: string; cnyAmount?: string; currency?: string; country?: string; corridor?: string | null }) {
  const orderNo = `ST-ROW-${++n}`;
  const { start, end } = periodWindow(period);
  const createdAt = new Date(Math.min(start + n * 3_600_000, end - 1, Date.now() - 1000));
  await p.db.shipment.create({
    data: {
      id: `shipment:${enterpriseId}:${orderNo}`, enterpriseId, orderNo, mode: s.mode, corridor: s.mode === '1210' ? null : (s.corridor ?? 'CR_EXPRESS_CHENGDU'),
      status: s.status ?? 'COMPLETED', stage: 'done', requestHash: 'test', request: {}, currency: s.currency ?? 'CNY', goodsValue: '1',
      partnerCountry: s.country ?? '304', valueCny: s.valueCny ?? null, cnyAmount: s.cnyAmount ?? null, invtNo: `7901${period.slice(0, 4)}E${String(900000000 + n)}`, createdAt,
    },
  });
  return `shipment:${enterpriseId}:${orderNo}`;
}

const created: Record<string, string> = {};
let expected9610 = '0.00';

describe('statistics of shipments made through the API', () => {
  it('counts 9610 (value once settled), 9710 (declared CNY value) and 1210 (CNY price) exactly, by mode, direction and corridor', async () => {
    for (const orderNo of ['ST-9610-1', 'ST-9610-2']) created[orderNo] = (await p.api.POST('/v1/shipments', { body: shipment9610(orderNo) })).data!.id;
    created['ST-9710-1'] = (await p.api.POST('/v1/shipments', { body: { ...example9710, orderNo: 'ST-9710-1', logistics: { ...example9710.logistics, waybillNo: 'WBST97101' } } })).data!.id;
    const imp = await p.api.POST('/v1/shipments', { body: order1210('ST-1210-1') });
    expect(imp.response.status).toBe(202);
    created['ST-1210-1'] = imp.data!.id;
    await projectionRow(p.enterpriseId, current, { mode: '9710', valueCny: '4000.00', status: 'CANCELLED' }); // not trade

    // the EUR-priced 9610s have a CNY value once their proceeds are settled
    const settled = await Promise.all(['ST-9610-1', 'ST-9610-2'].map((o) => eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: created[o]! } } });
      return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
    }, `${o} to complete`, 120_000)));
    expect(settled.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expected9610 = addCny(...settled.map((s) => Number(s.amounts.cnyAmount).toFixed(2)));

    const { data, response } = await p.api.GET('/v1/statistics/trade', { params: { query: { from: current, to: current, groupBy: 'mode' } } });
    expect(response.status).toBe(200);
    expect(data!.scope).toEqual({ kind: 'enterprise', enterpriseId: p.enterpriseId });
    expect(data!.period).toMatchObject({ from: current, to: current, timezone: 'Asia/Shanghai' });
    expect(data!.sources).toEqual([{ period: current, source: 'live', refreshedAt: null }]);
    expect(Object.keys(data!.basis)).toEqual(expect.arrayContaining(['period', 'shipments', 'valueCny', 'valuePendingShipments', 'direction']));
    const byMode = Object.fromEntries(data!.rows.map((r) => [r.key.mode, { shipments: r.shipments, valueCny: r.valueCny, pending: r.valuePendingShipments }]));
    expect(byMode).toEqual({
      '9610': { shipments: 2, valueCny: expected9610, pending: 0 },
      '9710': { shipments: 1, valueCny: '4800.00', pending: 0 },
      '1210': { shipments: 1, valueCny: '1146.00', pending: 0 },
    });
    expect(data!.totals).toEqual({ shipments: 4, valueCny: addCny(expected9610, '4800.00', '1146.00'), valuePendingShipments: 0 });

    // the same through the ops key, for this enterprise
    const viaOps = await ops('GET', `/v1/statistics/trade?from=${current}&to=${current}&groupBy=direction&enterpriseId=${p.enterpriseId}`);
    expect(viaOps.body.scope).toEqual({ kind: 'zone', enterpriseId: null });
    expect(viaOps.body.rows.map((r: any) => [r.key.direction, r.shipments, r.valueCny])).toEqual(
      expect.arrayContaining([['export', 3, addCny(expected9610, '4800.00')], ['import', 1, '1146.00']]),
    );
    expect(viaOps.body.rows).toHaveLength(2);
    const corridors = await p.api.GET('/v1/statistics/trade', { params: { query: { from: current, to: current, groupBy: 'corridor,partnerCountry' } } });
    expect(corridors.data!.rows.map((r) => [r.key.corridor, r.key.partnerCountry, r.shipments])).toEqual(
      expect.arrayContaining([['CR_EXPRESS_CHENGDU', '304', 3], [null, '601', 1]]),
    );
  });

  it('drills down from a figure to exactly the declarations behind it (invtNo), paginated', async () => {
    const { data } = await p.api.GET('/v1/statistics/trade', { params: { query: { from: current, to: current, groupBy: 'mode' } } });
    const row = data!.rows.find((r) => r.key.mode === '9610')!;
    expect(row.drilldown).toBe(`/v1/statistics/drilldown?from=${current}&to=${current}&mode=9610&enterpriseId=${encodeURIComponent(p.enterpriseId)}`);
    const first = await as(p.apiKey, 'GET', `${row.drilldown}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.figure).toEqual({ shipments: 2, valueCny: expected9610, valuePendingShipments: 0 });
    expect(first.body.items).toHaveLength(1);
    const second = await as(p.apiKey, 'GET', `${row.drilldown}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    const items = [...first.body.items, ...second.body.items];
    expect(items.map((i: any) => i.id).sort()).toEqual([created['ST-9610-1'], created['ST-9610-2']].sort());
    for (const i of items) {
      expect(i.invtNo).toMatch(/^\d{4}\d{4}E\d+$/);
      expect(i).toMatchObject({ mode: '9610', direction: 'export', currency: 'EUR', valueSource: 'settled', status: 'COMPLETED' });
    }
    expect(addCny(...items.map((i: any) => i.valueCny))).toBe(expected9610);
    // the 1210 figure: no corridor
    const imports = await as(p.apiKey, 'GET', `/v1/statistics/drilldown?from=${current}&to=${current}&corridor=NONE`);
    expect(imports.body.items.map((i: any) => i.id)).toEqual([created['ST-1210-1']]);
    expect(imports.body.items[0]).toMatchObject({ valueCny: '1146.00', valueSource: 'accepted', partnerCountry: '601', corridor: null });
  });

  it('shows an enterprise only its own figures', async () => {
    await projectionRow(otherId, current, { mode: '9610', valueCny: '88.00', corridor: 'POSTAL_INTERNATIONAL', country: '502' });
    const own = await p.otherApi.GET('/v1/statistics/trade', { params: { query: { groupBy: 'enterprise' } } });
    expect(own.data!.scope).toEqual({ kind: 'enterprise', enterpriseId: otherId });
    expect(own.data!.rows.map((r) => [r.key.enterprise, r.shipments, r.valueCny])).toEqual([[otherId, 1, '88.00']]);
    const theirs = await p.otherApi.GET('/v1/statistics/trade', { params: { query: { enterpriseId: p.enterpriseId } } });
    expect(theirs.response.status).toBe(403);
    expect(theirs.error).toMatchObject({ code: 'FORBIDDEN', fields: [{ path: 'querystring.enterpriseId' }] });
    const drill = await p.otherApi.GET('/v1/statistics/drilldown', { params: { query: { mode: '9610' } } });
    expect(drill.data!.items.map((i) => i.enterpriseId)).toEqual([otherId]);
    expect((await p.otherApi.GET('/v1/statistics/drilldown', { params: { query: { enterpriseId: p.enterpriseId } } })).response.status).toBe(403);
    expect((await p.otherApi.GET('/v1/statistics/targets', {})).response.status).toBe(403);
    expect((await p.otherApi.GET('/v1/statistics/reports/{period}', { params: { path: { period: lastMonth }, query: {} } })).response.status).toBe(403);
    expect((await p.otherApi.POST('/v1/ops/statistics/reports', { body: { period: lastMonth } })).response.status).toBe(403);
    expect((await as('no-such-key-0000', 'GET', '/v1/statistics/trade')).status).toBe(401);
    // the zone (ops) sees both
    const zone = await ops('GET', `/v1/statistics/trade?from=${current}&to=${current}&groupBy=enterprise`);
    expect(zone.body.rows.map((r: any) => r.key.enterprise)).toEqual(expect.arrayContaining([p.enterpriseId, otherId]));
    expect(zone.body.rows.find((r: any) => r.key.enterprise === otherId).enterpriseName).toMatch(/^Other /);
  });

  it('refuses bad periods and filters with the field at fault', async () => {
    const future = shiftPeriod(current, 1);
    expect((await as(p.apiKey, 'GET', `/v1/statistics/trade?to=${future}`)).body).toMatchObject({ code: 'PERIOD_IN_FUTURE', fields: [{ path: 'querystring.to' }] });
    expect((await as(p.apiKey, 'GET', `/v1/statistics/trade?from=${current}&to=${shiftPeriod(current, -1)}`)).body.code).toBe('INVALID_PERIOD');
    expect((await as(p.apiKey, 'GET', '/v1/statistics/trade?groupBy=mode,nope')).body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'querystring.groupBy' }] });
    expect((await as(p.apiKey, 'GET', '/v1/statistics/drilldown?cursor=bad')).body.code).toBe('INVALID_CURSOR');
  });
});

describe('the monthly statistics report', () => {
  const mine: Record<string, string> = {};

  it('is produced for a past month by ops (Temporal workflow): StatsMonthly refreshed, JSON and CSV with the right totals', async () => {
    mine.settled = await projectionRow(p.enterpriseId, lastMonth, { mode: '9610', currency: 'EUR', cnyAmount: '123.456' });
    await projectionRow(p.enterpriseId, lastMonth, { mode: '9610', valueCny: '50.00' });
    await projectionRow(p.enterpriseId, lastMonth, { mode: '9610', currency: 'USD', status: 'FX_SETTLEMENT' }); // counted, value pending
    await projectionRow(p.enterpriseId, lastMonth, { mode: '1210', valueCny: '300.00', country: '601' });
    await projectionRow(p.enterpriseId, lastMonth, { mode: '9710', valueCny: '4800.00', status: 'CANCELLED' });
    await projectionRow(p.enterpriseId, lastMonth, { mode: '1210', valueCny: '99.00', country: '601', status: 'RETURNED' });
    await projectionRow(otherId, lastMonth, { mode: '9810', valueCny: '2000.00', corridor: 'RAIL_WATER_YANGTZE', country: '502' });

    expect((await ops('POST', '/v1/ops/statistics/reports', { period: current })).body).toMatchObject({ code: 'PERIOD_NOT_CLOSED', fields: [{ path: 'body.period' }] });
    expect((await ops('GET', `/v1/statistics/reports/${shiftPeriod(lastMonth, -30)}`)).status).toBe(404);
    const run = await ops('POST', '/v1/ops/statistics/reports', { period: lastMonth });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ period: lastMonth, workflowId: `monthly-statistics:${lastMonth}`, report: `/v1/statistics/reports/${lastMonth}` });
    const result = await p.temporal.workflow.getHandle<() => Promise<MonthlyStatisticsResult>>(run.body.workflowId).result();

    // the month's zone figures, by SQL, right now (other test files may share the database)
    const [zone] = await p.db.$queryRaw<{ n: bigint; v: string; pending: bigint }[]>`
      SELECT count(*) AS n, COALESCE(sum(round(COALESCE("valueCny", "cnyAmount"), 2)), 0)::text AS v,
             count(*) FILTER (WHERE "valueCny" IS NULL AND "cnyAmount" IS NULL) AS pending
      FROM "Shipment" WHERE "createdAt" >= ${new Date(periodWindow(lastMonth).start).toISOString()}::timestamp AND "createdAt" < ${new Date(periodWindow(lastMonth).end).toISOString()}::timestamp
        AND "status" <> ALL(${[...EXCLUDED_STATUSES]}::text[])`;
    const zoneValue = addCny(zone!.v);
    expect(result).toMatchObject({ period: lastMonth, rollup: { period: lastMonth, shipments: Number(zone!.n), valueCny: zoneValue }, report: { shipments: Number(zone!.n), valueCny: zoneValue } });

    const json = await ops('GET', `/v1/statistics/reports/${lastMonth}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ kind: 'cbec-hub.statistics.monthly', period: lastMonth, totals: { shipments: Number(zone!.n), valueCny: zoneValue, valuePendingShipments: Number(zone!.pending) } });
    const line = (dim: string, key: string) => json.body[dim].find((l: any) => l.key === key);
    expect(line('byEnterprise', p.enterpriseId)).toMatchObject({ shipments: 4, valueCny: '473.46', valuePendingShipments: 1 }); // 123.46 + 50 + 300
    expect(line('byEnterprise', otherId)).toMatchObject({ shipments: 1, valueCny: '2000.00' });
    expect(json.body.targets).toMatchObject({ plan: { section: expect.stringContaining('发展目标') }, year: Number(lastMonth.slice(0, 4)), through: lastMonth });
    expect(json.body.basis.shipments).toContain('CANCELLED');

    const csv = await ops('GET', `/v1/statistics/reports/${lastMonth}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = csv.text.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['period', 'dimension', 'key', 'label', 'shipments', 'valueCny', 'valuePendingShipments']);
    expect(rows[1]).toEqual([lastMonth, 'total', '', 'all counted shipments', String(zone!.n), zoneValue, String(zone!.pending)]);
    const csvLine = rows.find((r) => r[1] === 'enterprise' && r[2] === p.enterpriseId)!;
    expect(csvLine.slice(-3)).toEqual(['4', '473.46', '1']);

    // the API now reads the month from the rollup, with the same figures
    const trade = await ops('GET', `/v1/statistics/trade?from=${lastMonth}&to=${lastMonth}&enterpriseId=${p.enterpriseId}`);
    expect(trade.body.sources).toEqual([{ period: lastMonth, source: 'rollup', refreshedAt: result.rollup.refreshedAt }]);
    expect(trade.body.totals).toMatchObject({ shipments: 4, valueCny: '473.46' });
  });

  it('is refreshed again when a rolled-up month changes (a late settlement) on the next run', async () => {
    const pending = await p.db.shipment.findFirstOrThrow({ where: { enterpriseId: p.enterpriseId, status: 'FX_SETTLEMENT', orderNo: { startsWith: 'ST-ROW-' } } });
    const older = shiftPeriod(lastMonth, -1);
    await projectionRow(p.enterpriseId, older, { mode: '9710', valueCny: '1000.00' });
    await refreshStatsMonth(p.db, older);
    // a settlement arrives for a shipment of `older` … and for last month's pending one
    const late = await projectionRow(p.enterpriseId, older, { mode: '9610', currency: 'EUR', status: 'FX_SETTLEMENT' });
    await p.db.shipment.update({ where: { id: late }, data: { status: 'COMPLETED', cnyAmount: '10.00' } });
    await p.db.shipment.update({ where: { id: pending.id }, data: { status: 'COMPLETED', cnyAmount: '7.10' } });
    const run = await ops('POST', '/v1/ops/statistics/reports', { period: lastMonth });
    const result = await p.temporal.workflow.getHandle<() => Promise<MonthlyStatisticsResult>>(run.body.workflowId).result();
    expect(result.refreshedAgain).toContain(older);
    const trade = await ops('GET', `/v1/statistics/trade?from=${older}&to=${lastMonth}&groupBy=month&enterpriseId=${p.enterpriseId}`);
    expect(trade.body.rows.map((r: any) => [r.key.month, r.shipments, r.valueCny])).toEqual([[older, 2, '1010.00'], [lastMonth, 4, '480.56']]);
  });
});

describe('progress against the plan', () => {
  it("gives the zone's year against the plan's targets, naming the plan section (ops key)", async () => {
    const year = Number(current.slice(0, 4));
    const res = await ops('GET', `/v1/statistics/targets?year=${year}`);
    expect(res.status).toBe(200);
    expect(res.body.plan.section).toContain('发展目标');
    const trade = res.body.targets.find((t: any) => t.metric === 'annualTradeValueCny');
    const ents = res.body.targets.find((t: any) => t.metric === 'enterprises');
    if (year === 2026) {
      expect(trade).toMatchObject({ target: '4000000000.00', planText: expect.stringContaining('40亿元') });
      expect(ents).toMatchObject({ target: '500', planText: expect.stringContaining('500家') });
    }
    const byEnterprise = await ops('GET', `/v1/statistics/trade?from=${year}-01&to=${current}&groupBy=enterprise&limit=10000`);
    expect(res.body.figures.activeEnterprises).toBe(byEnterprise.body.rows.length);
    expect(res.body.figures.tradeValueCny).toBe(byEnterprise.body.totals.valueCny);
    expect(trade.actual).toBe(byEnterprise.body.totals.valueCny);
    expect(res.body.figures.activeEnterprises).toBeGreaterThanOrEqual(2);
    expect((await ops('GET', `/v1/statistics/targets?year=${year + 1}`)).body.code).toBe('PERIOD_IN_FUTURE');
    const y2024 = await ops('GET', '/v1/statistics/targets?year=2024');
    expect(y2024.body.targets.map((t: any) => t.target)).toEqual(['2000000000.00', '200']);
  });
});

describe('the monthly-statistics Schedule', () => {
  it('runs on the 1st at 01:00 China time and, triggered, reports the previous month', async () => {
    const handle = p.temporal.schedule.getHandle(STATISTICS_SCHEDULE_ID);
    await handle.delete().catch(() => undefined);
    try {
      expect(await ensureStatisticsSchedule(p.temporal, p.config)).toBe('created');
      const d = await handle.describe();
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      expect(d.spec.calendars![0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1 }], hour: [{ start: 1, end: 1 }], minute: [{ start: 0, end: 0 }] });
      expect(d.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 7 * 24 * 3600_000 });
      expect(STATISTICS_CATCHUP_WINDOW).toBe('7 days');
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlyStatisticsWorkflow', taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [{}] });
      const next = d.info.nextActionTimes[0]!;
      expect([next.getUTCHours(), new Date(next.getTime() + 8 * 3600_000).getUTCDate()]).toEqual([17, 1]); // 01:00 in Beijing on the 1st

      await handle.trigger();
      const workflowId = await eventually(async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId, 'the triggered run');
      expect(workflowId.startsWith(`${STATISTICS_SCHEDULE_ID}-`)).toBe(true);
      const result = await p.temporal.workflow.getHandle<() => Promise<MonthlyStatisticsResult>>(workflowId).result();
      expect(result.period).toBe(lastMonth);
      expect((await ops('GET', `/v1/statistics/reports/${lastMonth}`)).body.generatedAt).not.toBeUndefined();
      expect(await ensureStatisticsSchedule(p.temporal, p.config)).toBe('updated');
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
