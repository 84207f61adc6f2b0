import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories.js';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER, WORKFLOW_INTERCEPTOR_MODULES } from '../../worker/worker.js';
import { tracingSinks } from '../../observability/tracing-temporal.js';
import { withStackTraces } from '../../worker/stack-traces.js';
import { AesGcmPayloadCodec, dataConverter, DEV_PAYLOAD_KEYS } from '../../codec/index.js';
import { loadConfig } from '../../config/config.js';

/**
 * Golden histories (recorded from real runs with `npm run histories:capture`) must replay
 * against the current workflow code: a change that would break running shipments fails here.
 * `before-lean-*` were recorded before the lean history (patch 'lean-history'), `before-bound-*` before
 * callbacks were bound to their shipment (patch 'callbacks-bound'), `before-payloads-*` before
 * activities got the order by reference (lean payloads, workflows/README.md): shipments
 * started then still run that path.
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string) => JSON.parse(readFileSync(`${HISTORIES_DIR}/${f}`, 'utf8')) as { workflowId: string; history: unknown };
type Marker = { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> };
/** The patch ids a history's markers record: a patch marker's details hold {"id": "<patch id>", …} as a plain JSON payload. */
const patchIdsOf = (f: string) =>
  (load(f).history as { events: { markerRecordedEventAttributes?: Marker }[] }).events
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .flatMap((m) => Object.values(m?.details ?? {}).flatMap((d) => d.payloads ?? []))
    .map((p) => (JSON.parse(Buffer.from(p.data ?? '', 'base64').toString()) as { id: string }).id);

let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
beforeAll(async () => {
  // the production bundle: workflows plus the tracing interceptor modules (worker/worker.ts)
  bundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
});

describe('replay of committed shipment histories', () => {
  it('has golden histories for the main paths', () => {
    expect(files).toEqual(expect.arrayContaining(['9610-happy-path.json', '9610-rejection-correction.json', '9610-inspection.json', '9610-cancelled.json', '9710-happy-path.json', '9810-happy-path.json', '1210-happy-path.json', '1210-returned.json', '1210-rejected-cancelled.json']));
  });

  it('covers both histories: the lean one (patch lean-history) and the one from before it', () => {
    const patches = (f: string) => patchIdsOf(f).includes('lean-history');
    const before = files.filter((f) => f.startsWith('before-lean-'));
    expect(before.length).toBeGreaterThanOrEqual(9);
    expect(before.some(patches)).toBe(false);
    expect(files.filter((f) => !f.startsWith('before-lean-')).every(patches)).toBe(true);
  });

  it('covers shipments started before the callbacks-bound patch, after it, and on the H2018 route (patch h2018-declaration)', () => {
    const before = files.filter((f) => f.startsWith('before-bound-'));
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before.some((f) => patchIdsOf(f).includes('callbacks-bound'))).toBe(false);
    const current = files.filter((f) => !f.startsWith('before-'));
    expect(current.every((f) => patchIdsOf(f).includes('callbacks-bound'))).toBe(true);
    expect(patchIdsOf('1210-returned.json')).toContain('return-quota-on-goods-back');
    expect(patchIdsOf('h2018-9710-happy-path.json')).toContain('h2018-declaration');
    expect(patchIdsOf('h2018-9810-happy-path.json')).toContain('h2018-declaration');
  });

  it('covers activities that got the whole order (before-payloads-*) and those that get it by reference since', async () => {
    const codec = new AesGcmPayloadCodec(DEV_PAYLOAD_KEYS);
    type Scheduled = { activityType?: { name?: string }; input?: { payloads?: { metadata?: Record<string, string>; data?: string }[] } };
    /** The decoded argument of the first submitCustomsDocument of a history. */
    const firstSubmission = (f: string) => {
      const events = (load(f).history as { events: { activityTaskScheduledEventAttributes?: Scheduled }[] }).events;
      const p = events.map((e) => e.activityTaskScheduledEventAttributes).find((a) => a?.activityType?.name === 'submitCustomsDocument')!.input!.payloads![0]!;
      const encoded = { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(p.data ?? '', 'base64') };
      return JSON.parse(Buffer.from(codec.decodeOne(encoded).data ?? []).toString()) as { input: { request?: unknown }; _order?: string };
    };
    const before = files.filter((f) => f.startsWith('before-payloads-'));
    expect(before.length).toBeGreaterThanOrEqual(12);
    for (const f of before) expect(firstSubmission(f).input.request).toBeDefined();
    for (const f of files.filter((x) => !x.startsWith('before-'))) {
      const arg = firstSubmission(f);
      expect([f, arg._order, arg.input.request]).toEqual([f, 'input', undefined]);
    }
  });

  it('replays with the tracing workflow interceptors in the bundle (histories recorded before them included)', () => {
    expect(WORKFLOW_INTERCEPTOR_MODULES.some((m) => m.includes('interceptors-opentelemetry'))).toBe(true);
    expect(bundle.code).toContain('OpenTelemetryInboundInterceptor');
  });

  // with stack traces off, as workers run by default (WORKFLOW_STACK_TRACES, worker/stack-traces.ts); the
  // histories were recorded with them on, and two with updates replay with them on too
  const runs = [...files.map((f) => [f, 'off'] as const), ...['9610-inspection.json', '1210-returned.json'].map((f) => [f, 'on'] as const)];
  it.each(runs)('replays %s without nondeterminism, stack traces %s', async (file, stacks) => {
    const { workflowId, history } = load(file);
    // the production data converter: histories captured since payload encryption are ciphertext (dev key), older ones plaintext
    await expect(Worker.runReplayHistory({ workflowBundle: withStackTraces(bundle, stacks), dataConverter: dataConverter(loadConfig({ CBEC_ENV: 'development' })), sinks: tracingSinks(undefined) }, historyFromJSON(history), workflowId)).resolves.toBeUndefined();
  });

  it('detects a workflow change that would break running shipments', async () => {
    const altered = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./altered-workflow.ts', import.meta.url)), logger: QUIET_BUNDLE_LOGGER });
    const { workflowId, history } = load('9610-happy-path.json');
    await expect(Worker.runReplayHistory({ workflowBundle: altered, dataConverter: dataConverter(loadConfig({ CBEC_ENV: 'development' })) }, historyFromJSON(history), workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
