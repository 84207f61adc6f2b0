import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../../adapters/kit/callbacks.js';
import { buildCeb702, buildCeb792, formatReturnTime, makePreNo, newCebGuid } from '../../adapters/single-window/ceb/index.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { createCbecClient, type CbecClient } from '../../api/client/index.js';
import { loadConfig } from '../../config/config.js';
import { copNo, DocType } from '../../domain/customs.js';
import { effectKey } from '../../domain/idempotency.js';
import { periodOf, SUMMARY_DECLARED_EVENT } from '../../domain/summary.js';
import { shipment9610 } from '../support/fixtures.js';
import { control, ledger } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { ensureSummarySchedule, SUMMARY_TIMEZONE, summarySettings } from '../../worker/summary-schedule.js';
import { SearchAttr } from '../../workflows/contract.js';
import {
  SUMMARY_SCHEDULE_ID, summaryWorkflowId, type EnterpriseSummaryInput, type EnterpriseSummaryState, type MonthlySummaryResult,
} from '../../workflows/summary-contract.js';
import { inboxMessages } from '../support/inbox.js';

/**
 * The 9610 monthly summary declaration (汇总申报) on the real platform: shipments run to COMPLETED,
 * then ops run the month by hand; the enterprise summary workflow sends one CEB701, follows the
 * Single Window simulator's CEB702 2/120 and CEB792 results and writes the declaration numbers.
 */
let p: Platform;
let otherId: string;
let thirdId: string;
const shipments: Record<string, { id: string; invtNo: string; period: string }> = {};

async function detail(api: CbecClient, id: string) {
  const { data } = await api.GET('/v1/shipments/{id}', { params: { path: { id } } });
  return data;
}

/** Creates a 9610 shipment and waits until it is COMPLETED; its invtNo and release month. */
async function completed(api: CbecClient, orderNo: string, statisticsFlag?: 'A' | 'B') {
  const created = await api.POST('/v1/shipments', { body: shipment9610(orderNo, statisticsFlag ? { statisticsFlag } : {}) });
  expect(created.response.status).toBe(202);
  const id = created.data!.id;
  const done = await eventually(async () => {
    const s = await detail(api, id);
    return s?.status === 'COMPLETED' || s?.status === 'FAILED' ? s : undefined;
  }, `${orderNo} to complete`, 120_000);
  expect(done.status).toBe('COMPLETED');
  const released = done.timeline.find((e) => e.type === 'RELEASED');
  return { id, invtNo: done.declaration.invtNo!, period: periodOf(released!.at) };
}

async function ops(method: 'GET' | 'POST', path: string, body?: unknown, key = p.config.OPS_API_KEY.reveal()) {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { fields?: { path: string }[] } };
}

/** Runs a month through POST /v1/ops/summaries and waits for that run (not its children) to end. */
async function runMonth(period: string): Promise<MonthlySummaryResult> {
  const res = await ops('POST', '/v1/ops/summaries', { period });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ period, workflowId: `monthly-summary:${period}` });
  return p.temporal.workflow.getHandle(String(res.body.workflowId), String(res.body.runId)).result() as Promise<MonthlySummaryResult>;
}

/**
 * Summary workflows of this file's enterprises (main, -other, -third): on the shared PGlite database of
 * a whole `npm test` other files' released lists are found too (their applications fail at this file's simulator).
 */
const ours = (ids: string[]) => ids.filter((id) => id.startsWith(`summary:${p.enterpriseId}`)).sort();

/** CEB701 effects in the Single Window simulator's ledger (of one enterprise summary workflow). */
const summaryCalls = async (workflowId?: string) =>
  (await ledger(p.simUrls.singleWindow)).filter((e) => e.operation === 'CEB701Message' && (!workflowId || e.key.startsWith(`${workflowId}:`)));

let lastTimestamp = 0;
/** Delivers a message to the Single Window callback route, signed like the gateway's callbacks. */
async function deliver(xml: string): Promise<void> {
  const body = new URLSearchParams({ message: xml }).toString();
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  const timestamp = String(lastTimestamp);
  const res = await fetch(`${p.apiUrl}/v1/callbacks/single-window`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(p.config.SINGLE_WINDOW_CALLBACK_SECRET.reveal(), timestamp, body) },
    body,
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('SUCCESS');
}

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  otherId = `${p.enterpriseId}-other`;
  // a third enterprise for the rejection test
  thirdId = `${p.enterpriseId}-third`;
  const main = await p.db.enterprise.findUniqueOrThrow({ where: { id: p.enterpriseId } });
  const thirdKey = `third-key-${p.apiKey}`;
  await ensureEnterpriseWithKey(p.db, { id: thirdId, name: `第三测试电商 ${main.customsCode}`, customsCode: `53${main.customsCode.slice(2)}`, key: thirdKey });
  const thirdApi = createCbecClient(p.apiUrl, thirdKey);
  // three B lists (one by the platform default STATISTICS_FLAG=B), one A list (汇总统计: never summarised),
  // one B list of the other enterprise for the deadline test and one of a third for the rejection test
  const made = await Promise.all([
    completed(p.api, 'SUM-B-1', 'B'), completed(p.api, 'SUM-B-2', 'B'), completed(p.api, 'SUM-B-3'), completed(p.api, 'SUM-A-1', 'A'), completed(p.otherApi, 'SUM-LATE-1', 'B'),
    completed(thirdApi, 'SUM-REJ-1', 'B'),
  ]);
  ['B1', 'B2', 'B3', 'A1', 'LATE', 'REJ'].forEach((k, i) => (shipments[k] = made[i]!));
});
afterAll(async () => p?.stop());

describe('9610 monthly summary declaration', () => {
  it('raises the deadline alert when no CEB792 arrives (silent customs), and a late result still declares', async () => {
    const late = shipments.LATE!;
    const period = late.period;
    const workflowId = summaryWorkflowId(otherId, period);
    const summaryCopNo = copNo(workflowId, DocType.SUMMARY, 0);
    await control(p.simUrls.singleWindow, 'scenarios', { key: summaryCopNo, scenario: 'silent' });
    // at this scale the weeks until the 15th of next month pass in milliseconds
    const input: EnterpriseSummaryInput = { ...summarySettings(p.config), timeScale: 1e9, enterpriseId: otherId, period };
    const handle = await p.temporal.workflow.start('enterpriseSummaryWorkflow', { workflowId, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [input] });

    const row = await eventually(async () => {
      const r = await p.db.customsSummary.findUnique({ where: { copNo: summaryCopNo } });
      return r?.status === 'DEADLINE_MISSED' ? r : undefined;
    }, 'the DEADLINE_MISSED alert on the summary row');
    expect(row.lastInfo).toMatch(/^deadline \d{4}-\d{2}-\d{2} .* passed waiting for CEB702 receipts$/);
    const described = await handle.describe();
    expect(described.status.name).toBe('RUNNING'); // still waiting: a late result still counts
    expect(described.typedSearchAttributes.get(SearchAttr.SummaryStatus)).toBe('DEADLINE_MISSED');
    const found = await eventually(async () => {
      const page = [];
      for await (const w of p.temporal.workflow.list({ query: `SummaryStatus = 'DEADLINE_MISSED' AND EnterpriseId = '${otherId}'` })) page.push(w.workflowId);
      return page.length > 0 ? page : undefined;
    }, 'the alert in the visibility store (Temporal UI query)');
    expect(found).toEqual([workflowId]);
    expect((await summaryCalls(workflowId)).map((c) => c.key)).toEqual([effectKey(workflowId, 'CEB701Message', 0)]);

    // customs answered after all: the simulator processed the application silently; deliver its result late
    const simState = (await (await fetch(`${p.simUrls.singleWindow}/_state`)).json()) as {
      documents: Record<string, { sumNo?: string }>; summaries: Record<string, { declSeqNo: string; entryId: string; invtNos: string[] }[]>;
    };
    const sumNo = simState.documents[`SUMMARY:${summaryCopNo}`]?.sumNo;
    expect(sumNo).toMatch(/^S\d{17}$/);
    const [decl] = simState.summaries[sumNo!]!;
    expect(decl!.invtNos).toEqual([late.invtNo]);
    const enterprise = await p.db.enterprise.findUniqueOrThrow({ where: { id: otherId } });
    await deliver(buildCeb792([{
      SummaryResultHead: {
        ...UNKNOWN_RESULT.SummaryResultHead, guid: newCebGuid(), sumNo: sumNo!, opDate: formatReturnTime(new Date()), declSeqNo: decl!.declSeqNo, entryId: decl!.entryId,
        ebcCode: enterprise.customsCode, ebcName: enterprise.name, msgCount: 1, msgSeqNo: 1,
      },
      SummaryResultList: [{ invtNo: late.invtNo, logisticsNo: 'WBSUM-LATE-1', gseqno: 1, gnum: 1, gcode: '0902300000' }],
    }]));
    const state = (await handle.result()) as EnterpriseSummaryState;
    expect(state).toMatchObject({ status: 'DECLARED', sumNo, entryIds: [decl!.entryId] });
    expect(state.lastInfo).toContain('after the deadline');
    // routed by the enterprise's one open application (the 120 with the sumNo never came), which now has it
    expect(await p.db.customsSummary.findUnique({ where: { copNo: summaryCopNo } })).toMatchObject({ status: 'DECLARED', sumNo });
    expect((await detail(p.otherApi, late.id))!.declaration.entryId).toBe(decl!.entryId);
  });

  it('a rejected application raises the alert; run again, it is made anew under the next copNo revision', async () => {
    const period = shipments.REJ!.period;
    const workflowId = summaryWorkflowId(thirdId, period);
    const [r0, r1] = [copNo(workflowId, DocType.SUMMARY, 0), copNo(workflowId, DocType.SUMMARY, 1)];
    await control(p.simUrls.singleWindow, 'scenarios', { key: r0, scenario: 'silent' }); // the test answers r0 itself
    const input: EnterpriseSummaryInput = { ...summarySettings(p.config), enterpriseId: thirdId, period };
    const first = await p.temporal.workflow.start('enterpriseSummaryWorkflow', { workflowId, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [input] });
    await eventually(async () => ((await summaryCalls(workflowId)).length === 1 ? true : undefined), 'the CEB701 r0');
    const ebc = (await p.db.enterprise.findUniqueOrThrow({ where: { id: thirdId } })).customsCode;
    await deliver(buildCeb702([{
      guid: newCebGuid(), agentCode: ebc, ebcCode: ebc, copNo: r0, preNo: makePreNo(new Date(), 1), msgSeqNo: 1,
      returnStatus: '100', returnTime: formatReturnTime(new Date()), returnInfo: '[Code:1300;Desc:人工退单，汇总申请有误]',
    }]));
    expect(((await first.result()) as EnterpriseSummaryState).status).toBe('SUMMARY_REJECTED');
    expect(await p.db.customsSummary.findUnique({ where: { copNo: r0 } })).toMatchObject({ status: 'SUMMARY_REJECTED', lastInfo: 'CEB702 100: [Code:1300;Desc:人工退单，汇总申请有误]' });
    expect((await first.describe()).typedSearchAttributes.get(SearchAttr.SummaryStatus)).toBe('SUMMARY_REJECTED');

    // run again (ops): revision 1 under a new copNo and key. Customs had silently taken the lists with
    // r0 in this simulation, so r1 is refused as already summarised: the alert is raised again.
    const second = (await p.temporal.workflow.execute('enterpriseSummaryWorkflow', { workflowId, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [input] })) as EnterpriseSummaryState;
    expect(second).toMatchObject({ status: 'SUMMARY_REJECTED', copNo: r1 });
    expect((await summaryCalls(workflowId)).map((c) => [c.key, c.requests])).toEqual([[effectKey(workflowId, 'CEB701Message', 0), 1], [effectKey(workflowId, 'CEB701Message', 1), 1]]);
    const row = await p.db.customsSummary.findFirstOrThrow({ where: { enterpriseId: thirdId, period } });
    expect(row).toMatchObject({ copNo: r1, status: 'SUMMARY_REJECTED' });
    expect(row.lastInfo).toContain(`清单${shipments.REJ!.invtNo}已汇总`);
  });

  it('declares the released B lists of the month: one CEB701, sumNo and entryIds, each shipment gets its entryId', async () => {
    const period = shipments.B1!.period;
    // the lists were released "this month" in real time (at a month's turn in China time they could straddle it)
    expect([shipments.B2!.period, shipments.B3!.period, shipments.A1!.period]).toEqual([period, period, period]);
    const childId = summaryWorkflowId(p.enterpriseId, period);
    const run = await runMonth(period);
    // the other enterprise was declared in the deadline test; the third's rejected application is made anew (and
    // refused again: the simulated customs took its lists with r0)
    const thirdChild = summaryWorkflowId(thirdId, period);
    expect(ours(run.started)).toEqual([childId, thirdChild].sort());
    expect(ours(run.alreadyRunning)).toEqual([]);
    const child = p.temporal.workflow.getHandle(childId);
    const state = (await child.result()) as EnterpriseSummaryState;
    expect(state.status).toBe('DECLARED');
    expect(((await p.temporal.workflow.getHandle(thirdChild).result()) as EnterpriseSummaryState).status).toBe('SUMMARY_REJECTED');

    const list = await ops('GET', `/v1/ops/summaries?period=${period}&enterpriseId=${encodeURIComponent(p.enterpriseId)}`);
    expect(list.status).toBe(200);
    const rows = list.body.items as { copNo: string; status: string; sumNo: string | null; invtNos: string[]; entryIds: string[]; workflowId: string }[];
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ status: 'DECLARED', workflowId: childId, copNo: copNo(childId, DocType.SUMMARY, 0) });
    expect(row.sumNo).toMatch(/^S\d{17}$/);
    expect(row.invtNos.sort()).toEqual([shipments.B1!.invtNo, shipments.B2!.invtNo, shipments.B3!.invtNo].sort());
    expect(row.entryIds.length).toBeGreaterThanOrEqual(1); // one per merge key: the three go to Germany by rail → one
    for (const entryId of row.entryIds) expect(entryId).toMatch(/^7901\d{4}0\d{9}$/);

    for (const k of ['B1', 'B2', 'B3']) {
      const s = (await detail(p.api, shipments[k]!.id))!;
      expect(row.entryIds).toContain(s.declaration.entryId);
      const event = s.timeline.find((e) => e.type === SUMMARY_DECLARED_EVENT);
      expect(event?.info).toContain(s.declaration.entryId!);
      expect(event?.info).toContain(row.sumNo!);
      expect(s.status).toBe('COMPLETED'); // the shipment's own projection is untouched
    }
    const simplified = (await detail(p.api, shipments.A1!.id))!;
    expect(simplified.declaration.entryId).toBeNull();
    expect(simplified.timeline.map((e) => e.type)).not.toContain(SUMMARY_DECLARED_EVENT);

    const calls = await summaryCalls(childId);
    expect(calls.map((c) => [c.key, c.requests])).toEqual([[effectKey(childId, 'CEB701Message', 0), 1]]);
    expect((await child.describe()).typedSearchAttributes.get(SearchAttr.SummaryStatus)).toBe('DECLARED');
    expect((await child.describe()).typedSearchAttributes.get(SearchAttr.EnterpriseId)).toBe(p.enterpriseId);
  });

  it('a re-run of the month (or of the enterprise workflow) sends no second CEB701', async () => {
    const period = shipments.B1!.period;
    const childId = summaryWorkflowId(p.enterpriseId, period);
    const again = await runMonth(period);
    expect([ours(again.started), ours(again.alreadyRunning)]).toEqual([[summaryWorkflowId(thirdId, period)], []]); // only the rejected one again
    await p.temporal.workflow.getHandle(summaryWorkflowId(thirdId, period)).result();
    // the enterprise workflow itself, started again: it loads the declared row and ends
    const input: EnterpriseSummaryInput = { ...summarySettings(p.config), enterpriseId: p.enterpriseId, period };
    const state = (await p.temporal.workflow.execute('enterpriseSummaryWorkflow', { workflowId: childId, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [input] })) as EnterpriseSummaryState;
    expect(state.status).toBe('DECLARED');
    const calls = await summaryCalls(childId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.requests).toBe(1);
    expect(await p.db.customsSummary.count({ where: { enterpriseId: p.enterpriseId } })).toBe(1);
  });

  it('an empty month completes with nothing sent', async () => {
    const run = await runMonth('2020-01');
    expect(run).toEqual({ period: '2020-01', started: [], alreadyRunning: [] });
    expect((await summaryCalls()).filter((c) => c.key.includes(':2020-01:'))).toEqual([]);
    expect(await p.db.customsSummary.count({ where: { period: '2020-01' } })).toBe(0);
    const list = await ops('GET', '/v1/ops/summaries?period=2020-01');
    expect(list.body).toEqual({ items: [] });
  });

  it('the ops endpoint refuses a bad or future period (400 with the field) and non-ops callers', async () => {
    const bad = await ops('POST', '/v1/ops/summaries', { period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields?.map((f) => f.path)).toEqual(['body.period']);
    const future = await ops('POST', '/v1/ops/summaries', { period: `${new Date().getUTCFullYear() + 1}-01` });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'PERIOD_IN_FUTURE', fields: [{ path: 'body.period' }] });
    expect((await ops('POST', '/v1/ops/summaries', {})).body.fields?.map((f) => f.path)).toEqual(['body.period']);
    expect((await ops('GET', '/v1/ops/summaries?period=2026-1')).status).toBe(400);
    expect((await ops('POST', '/v1/ops/summaries', { period: '2020-01' }, p.apiKey)).status).toBe(403); // an enterprise key
    expect((await fetch(`${p.apiUrl}/v1/ops/summaries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"period":"2020-01"}' })).status).toBe(401);
  });

  it('an unmatched CEB792 is stored and answered SUCCESS', async () => {
    const r = structuredClone(UNKNOWN_RESULT);
    await deliver(buildCeb792([r]));
    const [stored] = await inboxMessages(p, { bodyContains: 'S20200101999999999' });
    expect(stored?.outcome).toBe('UNMATCHED');
  });

});

describe('the monthly-summary Schedule', () => {
  it('is created with the calendar (1st of the month, 02:00 China time), SKIP overlap and a catch-up window; ensuring again updates it', async () => {
    const handle = p.temporal.schedule.getHandle(SUMMARY_SCHEDULE_ID);
    await handle.delete().catch(() => undefined);
    try {
      expect(await ensureSummarySchedule(p.temporal, p.config)).toBe('created');
      const d = await handle.describe();
      expect(d.spec.timezone).toBe(SUMMARY_TIMEZONE);
      expect(d.spec.calendars).toHaveLength(1);
      expect(d.spec.calendars![0]).toMatchObject({
        dayOfMonth: [{ start: 1, end: 1 }], hour: [{ start: 2, end: 2 }], minute: [{ start: 0, end: 0 }], second: [{ start: 0, end: 0 }],
      });
      expect(d.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 7 * 24 * 3600_000 });
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlySummaryWorkflow', workflowId: SUMMARY_SCHEDULE_ID, taskQueue: p.config.TEMPORAL_TASK_QUEUE });
      const args = d.action.args as { period?: string; deadlineDay: number; timeScale: number }[];
      expect(args).toHaveLength(1);
      expect(args[0]).toMatchObject({ deadlineDay: 15, timeScale: p.config.TIME_SCALE });
      expect(args[0]).not.toHaveProperty('period'); // a scheduled run takes the previous month
      const next = d.info.nextActionTimes[0]!;
      // 02:00 in Beijing on the 1st = 18:00 UTC on the last day of the month before
      expect([next.getUTCHours(), next.getUTCMinutes(), new Date(next.getTime() + 8 * 3600_000).getUTCDate()]).toEqual([18, 0, 1]);

      // idempotent: the same configuration again changes nothing; ops' pause survives
      await handle.pause('ops: holiday week');
      expect(await ensureSummarySchedule(p.temporal, p.config)).toBe('updated');
      const same = await handle.describe();
      expect(same.spec.calendars).toEqual(d.spec.calendars);
      expect(same.state.paused).toBe(true);
      // a new time in the configuration is applied
      const later = loadConfig({ CBEC_ENV: 'development', TEMPORAL_TASK_QUEUE: p.config.TEMPORAL_TASK_QUEUE, SUMMARY_SCHEDULE_TIME: '03:30', SUMMARY_DEADLINE_DAY: '12' });
      expect(await ensureSummarySchedule(p.temporal, later)).toBe('updated');
      const changed = await handle.describe();
      expect(changed.spec.calendars![0]).toMatchObject({ hour: [{ start: 3, end: 3 }], minute: [{ start: 30, end: 30 }] });
      expect((changed.action.args as { deadlineDay: number }[])[0]!.deadlineDay).toBe(12);
    } finally {
      await handle.delete().catch(() => undefined);
    }
    await expect(handle.describe()).rejects.toThrow();
  });
});

/** A CEB792 that matches no application (unknown sumNo and enterprise). */
const UNKNOWN_RESULT = {
  SummaryResultHead: {
    guid: newCebGuid(), customsCode: '7901', sumNo: 'S20200101999999999', opDate: formatReturnTime(new Date()), declSeqNo: 'S20207901999999999', entryId: '790120200999999999',
    decState: 'A', agentCode: '0000000000', agentName: '未知', ebcCode: '0000000000', ebcName: '未知', declAgentCode: '0000000000', declAgentName: '未知',
    grossWeight: '1', netWeight: '1', msgCount: 1, msgSeqNo: 1,
  },
  SummaryResultList: [{ invtNo: '79012020E999999999', logisticsNo: 'X', gseqno: 1, gnum: 1, gcode: '0902300000' }],
};
