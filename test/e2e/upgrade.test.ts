import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { dataConverter } from '../../codec/index.js';
import { shipment9610 } from '../support/fixtures.js';
import { HISTORIES_DIR } from '../support/histories.js';
import { control, effectsFor } from '../support/ledger.js';
import { eventually } from '../support/platform.js';
import { bundleToday, bundleWithStages, STAGES_V2, STAGES_V2_UNGUARDED, type WorkflowBundle } from '../upgrade/bundles.js';
import { INDICATIVE_QUOTE_PATCH } from '../upgrade/indicative-quote.js';
import { startPlatformWithoutWorker, type RunningWorker, type UpgradablePlatform } from '../upgrade/platform.js';

/**
 * The upgrade procedure of docs/deploy.md §5, exercised on a running platform: shipments are
 * held mid-flight on release v1 (today's workflow code), v1 is shut down, release v2 takes over
 * the same task queue, and the shipments finish on v2. v2 = today's code with one module swapped
 * (test/upgrade/stages.v2.ts): the declaration stage gains an indicative FX quote right after
 * the customs logic check, guarded by `patched('indicative-fx-quote')`.
 *
 * What Temporal guarantees, and what this file checks: `patched(id)` is decided when a run's code
 * reaches the call. Replaying history that passed that point without the patch marker, it is
 * false (the old commands are in the history, so the old branch runs). Reached while executing
 * new work (not replaying), it is true and the worker records a marker (`core_patch`) and adds
 * the id to the run's `TemporalChangeVersion` search attribute. So a shipment started on v1 takes
 * the NEW path if it reaches the patch point after the upgrade (A, B), keeps the OLD path for good
 * if it passed the point on v1 (C), and one started on v2 takes the new path (D).
 */
const TIME_SCALE = 864_000; // a business day lasts 0.1 s

type History = temporal.api.history.v1.IHistory;
type Event = temporal.api.history.v1.IHistoryEvent;

let p: UpgradablePlatform;
let v1Bundle: WorkflowBundle;
let v2Bundle: WorkflowBundle;
let v1: RunningWorker;

beforeAll(async () => {
  [v1Bundle, v2Bundle] = [await bundleToday(), await bundleWithStages(STAGES_V2)];
  p = await startPlatformWithoutWorker({ timeScale: TIME_SCALE });
  v1 = await p.startWorker({ bundle: v1Bundle, identity: 'cbec-worker-v1' });
});
afterAll(async () => p?.stop());

const example9710 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const idOf = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;
const replayOptions = (workflowBundle: WorkflowBundle) => ({ workflowBundle, dataConverter: dataConverter(p.config) });

// A and B are held BEFORE the patch point (customs rejected the inventory; the shipment waits in
// the declaration stage for the enterprise's correction). C is held AFTER it (logic check passed,
// then selected for inspection; it waits in the customs stage for ops' outcome).
const A = 'UPG-A-9610';
const B = 'UPG-B-9710';
const C = 'UPG-C-9610';
const D = 'UPG-D-9610';

async function shipment(id: string) {
  const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
  return data;
}

/** Held: the hold's event is on the timeline and its SLA has passed, so no timer is pending; the run waits for a person. */
async function waitHeld(id: string, holdEvent: 'REJECTED' | 'INSPECTION', stage: string) {
  return eventually(async () => {
    const s = await shipment(id);
    const types = s?.timeline.map((e) => e.type) ?? [];
    return s && s.stage === stage && types.includes(holdEvent) && types.at(-1) === 'SLA_BREACHED' ? s : undefined;
  }, `${id} held at ${holdEvent}`);
}

async function waitCompleted(id: string) {
  return eventually(async () => {
    const s = await shipment(id);
    return s?.status === 'COMPLETED' ? s : undefined;
  }, `${id} COMPLETED`);
}

const events = (h: History): Event[] => h.events ?? [];
const idNo = (e: Event) => Number(e.eventId);
/** The identity of the worker that completed each workflow task, in order. */
const taskCompleters = (h: History) => events(h).flatMap((e) => (e.workflowTaskCompletedEventAttributes ? [e.workflowTaskCompletedEventAttributes.identity ?? ''] : []));
const taskFailures = (h: History) => events(h).filter((e) => e.workflowTaskFailedEventAttributes);
const activities = (h: History) => events(h).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name ?? ''] : []));
/** Patch markers (`core_patch`) with the patch id each records. */
function patchMarkers(h: History): { eventId: number; patchId: string; deprecated: boolean }[] {
  return events(h).flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== 'core_patch') return [];
    const data = m.details?.['patch-data']?.payloads?.[0]?.data; // JSON written by the SDK core, not by our data converter
    if (!data) throw new Error(`patch marker ${idNo(e)} without patch-data`);
    const parsed = JSON.parse(new TextDecoder().decode(data)) as { id: string; deprecated: boolean };
    return [{ eventId: idNo(e), patchId: parsed.id, deprecated: parsed.deprecated }];
  });
}
/** Event id of the accepted update of that name (the person's decision that released a hold). */
function updateAccepted(h: History, name: string): number {
  const e = events(h).find((x) => x.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name);
  if (!e) throw new Error(`no accepted ${name} update in the history`);
  return idNo(e);
}
/** Event id of the first workflow task completed by `identity`. */
function firstTaskBy(h: History, identity: string): number {
  const e = events(h).find((x) => x.workflowTaskCompletedEventAttributes?.identity === identity);
  if (!e) throw new Error(`no workflow task completed by ${identity}`);
  return idNo(e);
}

const changeVersions = defineSearchAttributeKey('TemporalChangeVersion', SearchAttributeType.KEYWORD_LIST);
async function patchesOf(id: string): Promise<string[]> {
  return (await p.temporal.workflow.getHandle(id).describe()).typedSearchAttributes.get(changeVersions) ?? [];
}

/** Timeline says which path: v2 puts FX_INDICATIVE right after the logic check, v1 has none. */
function path(timeline: { type: string }[]): 'new' | 'old' {
  const types = timeline.map((e) => e.type);
  if (!types.includes('FX_INDICATIVE')) return 'old';
  expect(types.indexOf('FX_INDICATIVE')).toBe(types.lastIndexOf('LOGIC_CHECK_PASSED') + 1);
  return 'new';
}

/** Replays histories with one replay worker; per workflow id 'ok', 'nondeterminism' or the error. */
async function replayAll(bundle: WorkflowBundle, histories: { workflowId: string; history: History }[]): Promise<Record<string, string>> {
  const outcome: Record<string, string> = {};
  for await (const r of Worker.runReplayHistories(replayOptions(bundle), histories)) {
    outcome[r.workflowId] = r.error === undefined ? 'ok' : r.error instanceof DeterminismViolationError ? 'nondeterminism' : `${r.error.name}: ${r.error.message}`;
  }
  return outcome;
}

const midFlight = new Map<string, History>();
let v1StoppedAt: Date;

/** The visibility query of docs/deploy.md §5: open runs started before the last v1 worker stopped that do not carry the patch. */
async function prePatchRuns(): Promise<string[]> {
  const query =
    `WorkflowType = 'shipmentWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${p.config.TEMPORAL_TASK_QUEUE}'` +
    ` AND StartTime < '${v1StoppedAt.toISOString()}' AND (TemporalChangeVersion IS NULL OR TemporalChangeVersion NOT IN ('${INDICATIVE_QUOTE_PATCH}'))`;
  const ids: string[] = [];
  for await (const wf of p.temporal.workflow.list({ query })) ids.push(wf.workflowId);
  return ids.sort();
}

describe('upgrading the shipment workflow while shipments are mid-flight (patching)', () => {
  it('v1: holds a 9610 and a 9710 before the patch point and a 9610 after it, then shuts down gracefully', async () => {
    for (const orderNo of [A, B]) await control(p.simUrls.singleWindow, 'scenarios', { key: orderNo, scenario: 'reject-inventory' });
    await control(p.simUrls.singleWindow, 'scenarios', { key: C, scenario: 'inspect' });
    // the 9710 on the list route (refundClaim false): the patch point of this test is the inventory's logic check
    for (const body of [shipment9610(A), { ...example9710, orderNo: B, refundClaim: false }, shipment9610(C)]) {
      const res = await p.api.POST('/v1/shipments', { body });
      expect(res.response.status).toBe(202);
    }
    await waitHeld(idOf(A), 'REJECTED', 'declaration');
    await waitHeld(idOf(B), 'REJECTED', 'declaration');
    const c = await waitHeld(idOf(C), 'INSPECTION', 'customs');
    expect(c.timeline.map((e) => e.type)).toContain('LOGIC_CHECK_PASSED'); // C is past the patch point

    await v1.shutdown(); // graceful: stops polling, finishes the tasks in hand
    v1StoppedAt = new Date();
    for (const orderNo of [A, B, C]) {
      const handle = p.temporal.workflow.getHandle(idOf(orderNo));
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const history = await handle.fetchHistory();
      expect(new Set(taskCompleters(history))).toEqual(new Set(['cbec-worker-v1']));
      expect(patchMarkers(history).map((m) => m.patchId)).not.toContain(INDICATIVE_QUOTE_PATCH);
      midFlight.set(orderNo, history);
    }
  });

  it('release gate: the mid-flight v1 histories and every golden history replay against v2', async () => {
    const golden = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(golden.length).toBeGreaterThan(5);
    const histories = [
      ...[...midFlight].map(([orderNo, history]) => ({ workflowId: idOf(orderNo), history })),
      ...golden.map((f) => JSON.parse(readFileSync(`${HISTORIES_DIR}/${f}`, 'utf8')) as { workflowId: string; history: unknown }).map(({ workflowId, history }) => ({ workflowId, history: historyFromJSON(history) })),
    ];
    expect(new Set(histories.map((h) => h.workflowId)).size).toBe(histories.length); // outcomes are keyed by workflow id
    expect(await replayAll(v2Bundle, histories)).toEqual(Object.fromEntries(histories.map((h) => [h.workflowId, 'ok'])));
  });

  it('without the guard, the same change breaks a shipment that is past the change point (and only that one)', async () => {
    const unguarded = await bundleWithStages(STAGES_V2_UNGUARDED);
    // C passed the logic check on v1: its history has v1's next commands where the change puts a quoteFx
    await expect(Worker.runReplayHistory(replayOptions(unguarded), midFlight.get(C)!, idOf(C))).rejects.toBeInstanceOf(DeterminismViolationError);
    // A has not reached the change point yet, so its history alone does not reveal the problem:
    // whether a running shipment is before or after a change is not something to bet a release on
    await expect(Worker.runReplayHistory(replayOptions(unguarded), midFlight.get(A)!, idOf(A))).resolves.toBeUndefined();
    const { workflowId, history } = JSON.parse(readFileSync(`${HISTORIES_DIR}/9610-happy-path.json`, 'utf8')) as { workflowId: string; history: unknown };
    await expect(Worker.runReplayHistory(replayOptions(unguarded), historyFromJSON(history), workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  it('v2 takes over: shipments held before the patch point take the new path when released', async () => {
    await p.startWorker({ bundle: v2Bundle, identity: 'cbec-worker-v2' }); // same task queue, v1 is gone
    // the check before deprecatePatch: open runs started before v1 stopped, without the patch. All three count:
    // visibility cannot tell A and B (not at the patch point yet, harmless) from C (past it on v1)
    expect(await eventually(async () => {
      const ids = await prePatchRuns();
      return ids.length === 3 ? ids : undefined;
    }, 'visibility: three pre-patch runs')).toEqual([idOf(A), idOf(B), idOf(C)].sort());

    for (const orderNo of [A, B]) {
      const res = await p.api.POST('/v1/shipments/{id}/corrections', { params: { path: { id: idOf(orderNo) } }, body: { reason: 'declared unit of measure corrected per customs' } });
      expect(res.response.status).toBe(200);
    }
    for (const orderNo of [A, B]) {
      const id = idOf(orderNo);
      const done = await waitCompleted(id);
      expect(path(done.timeline)).toBe('new');
      const history = await p.temporal.workflow.getHandle(id).fetchHistory();
      expect(taskFailures(history)).toEqual([]); // no workflow task failed: no nondeterminism on v2
      const completers = taskCompleters(history);
      expect(completers[0]).toBe('cbec-worker-v1'); // started on v1 …
      expect(completers.at(-1)).toBe('cbec-worker-v2'); // … finished on v2, no v1 task after a v2 one
      expect(completers.slice(completers.indexOf('cbec-worker-v2')).every((w) => w === 'cbec-worker-v2')).toBe(true);
      // the marker is recorded once, live on v2, after the correction released the hold
      const markers = patchMarkers(history).filter((m) => m.patchId === INDICATIVE_QUOTE_PATCH);
      expect(markers).toHaveLength(1);
      expect(markers[0]!.deprecated).toBe(false);
      expect(markers[0]!.eventId).toBeGreaterThan(updateAccepted(history, 'correctDeclaration'));
      expect(markers[0]!.eventId).toBeGreaterThan(firstTaskBy(history, 'cbec-worker-v2'));
      expect(activities(history).filter((a) => a === 'quoteFx').length).toBe(2); // indicative + settlement
      expect(await patchesOf(id)).toContain(INDICATIVE_QUOTE_PATCH);
      expect((await effectsFor(p.simUrls.bank, id)).map((e) => e.key)).toContain(`${id}:fx-quote-indicative:r0`);
    }
    // A and B now carry the patch: only C, which passed the patch point on v1, is still a pre-patch run
    expect(await eventually(async () => {
      const ids = await prePatchRuns();
      return ids.length === 1 ? ids : undefined;
    }, 'visibility: one pre-patch run')).toEqual([idOf(C)]);
  });

  it('v2 takes over: the shipment held after the patch point keeps the old path to the end', async () => {
    const id = idOf(C);
    const res = await fetch(`${p.apiUrl}/v1/ops/shipments/${encodeURIComponent(id)}/inspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` },
      body: JSON.stringify({ outcome: 'CLEARED', note: 'goods match the declaration', operator: 'ops-li' }),
    });
    expect(res.status).toBe(200);
    const done = await waitCompleted(id);
    expect(path(done.timeline)).toBe('old');
    const history = await p.temporal.workflow.getHandle(id).fetchHistory();
    expect(taskFailures(history)).toEqual([]);
    const completers = taskCompleters(history);
    expect(completers[0]).toBe('cbec-worker-v1');
    expect(completers.at(-1)).toBe('cbec-worker-v2');
    expect(firstTaskBy(history, 'cbec-worker-v2')).toBeGreaterThan(midFlight.get(C)!.events!.length); // the whole rest ran on v2
    expect(updateAccepted(history, 'resolveInspection')).toBeGreaterThan(midFlight.get(C)!.events!.length); // released after the upgrade
    expect(patchMarkers(history).map((m) => m.patchId)).not.toContain(INDICATIVE_QUOTE_PATCH);
    expect(activities(history).filter((a) => a === 'quoteFx').length).toBe(1); // settlement only
    expect(await patchesOf(id)).not.toContain(INDICATIVE_QUOTE_PATCH);
    expect((await effectsFor(p.simUrls.bank, id)).map((e) => e.key)).not.toContain(`${id}:fx-quote-indicative:r0`);
    // no open run predates the patch any more: the next release may replace patched() by deprecatePatch()
    await eventually(async () => ((await prePatchRuns()).length === 0 ? true : undefined), 'visibility: no pre-patch runs');
  });

  it('a shipment started on v2 takes the new path end to end', async () => {
    const res = await p.api.POST('/v1/shipments', { body: shipment9610(D) });
    expect(res.response.status).toBe(202);
    const id = idOf(D);
    const done = await waitCompleted(id);
    expect(path(done.timeline)).toBe('new');
    expect(done.timeline.find((e) => e.type === 'FX_INDICATIVE')?.info).toMatch(/^expected proceeds 75\.30 EUR ≈ CNY \d+\.\d{2} at \d/);
    const history = await p.temporal.workflow.getHandle(id).fetchHistory();
    expect(taskFailures(history)).toEqual([]);
    expect(new Set(taskCompleters(history))).toEqual(new Set(['cbec-worker-v2']));
    // v1's own patches (the lean history and callbacks bound to their shipment, taken by every
    // shipment started since) and v2's
    expect(patchMarkers(history).map((m) => m.patchId)).toEqual(['lean-history', 'callbacks-bound', INDICATIVE_QUOTE_PATCH]);
    expect(new Set(await patchesOf(id))).toEqual(new Set(['lean-history', 'callbacks-bound', INDICATIVE_QUOTE_PATCH]));
  });

  it('the finished histories replay against v2, and v1 could not take the patched ones back (roll forward, never back)', async () => {
    const finished = await Promise.all([A, B, C, D].map(async (orderNo) => ({ workflowId: idOf(orderNo), history: await p.temporal.workflow.getHandle(idOf(orderNo)).fetchHistory() })));
    expect(await replayAll(v2Bundle, finished)).toEqual(Object.fromEntries(finished.map((h) => [h.workflowId, 'ok'])));
    // a v1 worker meeting a run that recorded the patch fails it ("patch marker … no corresponding change command")
    const patchedRun = finished[3]!;
    await expect(Worker.runReplayHistory(replayOptions(v1Bundle), patchedRun.history, patchedRun.workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
    // the run that kept the old path is still one v1 could run
    const oldPathRun = finished[2]!;
    await expect(Worker.runReplayHistory(replayOptions(v1Bundle), oldPathRun.history, oldPathRun.workflowId)).resolves.toBeUndefined();
  });
});
