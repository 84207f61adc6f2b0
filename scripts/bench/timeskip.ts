import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers.js';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers.js';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../codec/index.js';
import type { Config } from '../../config/config.js';
import { DAY } from '../../domain/time.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import { tracingSinks } from '../../observability/tracing-temporal.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/contract.js';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { repoRoot } from '../lib/tools.js';
import { cleanups } from './platform.js';
import { countActions, type HistoryEvent } from './actions.js';

const ms = (t: unknown) => {
  const ts = t as { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
  const s = typeof ts?.seconds === 'number' ? ts.seconds : (ts?.seconds?.toNumber() ?? 0);
  return s * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
};

/**
 * Section 6: the real shipment workflow code through a whole lifecycle on the time-skipping test
 * server (.tools/bin/temporal-test-server, `existing-path`) at TIME_SCALE 1, i.e. with its real
 * business timers (SLA waits of hours and days, the overseas sales window, refund polling).
 * The outside world is a replay of a history recorded earlier in the run: each activity answers
 * what it answered then (in order, per activity type), and the recorded signals are sent in their
 * order; a recorded gap above 2 business days (at the recording's TIME_SCALE) is waited in
 * skipped time first, minus 1 day for the recording's processing noise.
 */
export async function timeSkipped(config: Config, recorded: { workflowId: string; history: History }, timeoutMs = 180_000) {
  const converter = loadDataConverter(dataConverter(config));
  const events = recorded.history.events ?? [];
  const first = events[0]?.workflowExecutionStartedEventAttributes;
  const [input] = (await decodeArrayFromPayloads(converter, first?.input?.payloads)) as [ShipmentInput];
  const recordedScale = input.settings.timeScale;
  const t0 = ms(events[0]?.eventTime);
  const typeBySchedule = new Map<string, string>();
  const results = new Map<string, unknown[]>();
  const signals: { name: string; args: unknown[]; atBusinessMs: number }[] = [];
  for (const e of events) {
    const id = String(e.eventId);
    if (e.activityTaskScheduledEventAttributes) typeBySchedule.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
    if (e.activityTaskCompletedEventAttributes) {
      const type = typeBySchedule.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId)) ?? '';
      const [result] = await decodeArrayFromPayloads(converter, e.activityTaskCompletedEventAttributes.result?.payloads);
      results.set(type, [...(results.get(type) ?? []), result]);
    }
    if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      signals.push({ name: a.signalName ?? '', args: await decodeArrayFromPayloads(converter, a.input?.payloads), atBusinessMs: (ms(e.eventTime) - t0) * recordedScale });
    }
  }
  const activities: Record<string, () => Promise<unknown>> = { projectShipment: async () => undefined, projectShipments: async () => undefined };
  for (const [type, list] of results) activities[type] = async () => (list.length > 1 ? list.shift() : list[0]);

  const bundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
  const wallStart = performance.now();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: `${repoRoot()}.tools/bin/temporal-test-server` } },
    client: { dataConverter: dataConverter(config) },
  });
  const teardown = () => env.teardown();
  cleanups.add(teardown);
  try {
    const serverUp = performance.now() - wallStart;
    const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: Object.fromEntries(Object.keys(SEARCH_ATTRIBUTES).map((n) => [n, keyword])) });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'bench-timeskip', workflowBundle: bundle, activities, sinks: tracingSinks(undefined), dataConverter: dataConverter(config) });
    const startedAt = env.currentTimeMs ? await env.currentTimeMs() : Date.now();
    const runStart = performance.now();
    const id = recorded.workflowId;
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`time-skipped lifecycle not finished within ${timeoutMs / 1000} s`)), timeoutMs).unref());
    await worker.runUntil(Promise.race([timeout, (async () => {
      const handle = await env.client.workflow.start('shipmentWorkflow', { taskQueue: 'bench-timeskip', workflowId: id, args: [{ ...input, settings: { ...input.settings, timeScale: 1 } }] });
      let last = 0;
      for (const s of signals) {
        const gap = s.atBusinessMs - last;
        if (gap > 2 * DAY) await env.sleep(gap - DAY);
        last = s.atBusinessMs;
        await handle.signal(s.name, ...s.args);
      }
      await handle.result();
    })()]));
    const wallMs = performance.now() - runStart;
    const endedAt = env.currentTimeMs ? await env.currentTimeMs() : Date.now();
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    type Ev = HistoryEvent & { eventType: string; eventTime?: string; timerStartedEventAttributes?: { timerId?: string; startToFireTimeout?: string }; timerFiredEventAttributes?: { timerId?: string } };
    const json = JSON.parse(historyToJSON(history)) as { events: Ev[] };
    const firedIds = new Set(json.events.flatMap((e) => (e.eventType === 'EVENT_TYPE_TIMER_FIRED' ? [e.timerFiredEventAttributes?.timerId] : [])));
    const fired = json.events.filter((e) => e.eventType === 'EVENT_TYPE_TIMER_STARTED' && firedIds.has(e.timerStartedEventAttributes?.timerId));
    const firedDays = fired.map((e) => (parseFloat(e.timerStartedEventAttributes?.startToFireTimeout ?? '0') / 86400).toFixed(1));
    // the lifecycle in the server's (skipped) time: workflow start to close
    const lifecycleMs = Date.parse(json.events.at(-1)?.eventTime ?? '') - Date.parse(json.events[0]?.eventTime ?? '');
    return { mode: input.request.mode, businessDays: lifecycleMs / DAY, envDays: (endedAt - startedAt) / DAY, firedDays, wallMs, serverStartMs: serverUp, signals: signals.length, timersFired: fired.length, actions: countActions(json.events) };
  } finally {
    cleanups.delete(teardown);
    await env.teardown();
  }
}
