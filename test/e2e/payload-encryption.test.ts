import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, DEV_PAYLOAD_KEYS, ENCODING, keyIdOf } from '../../codec/index.js';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER } from '../../worker/worker.js';
import { temporalCliPath } from '../../scripts/lib/tools.js';
import { shipment9610 } from '../support/fixtures.js';
import { enterBondedStock, order1210, readers } from '../support/imports.js';
import { startPlatform, type Platform } from '../support/platform.js';

/**
 * Shipment payloads are ciphertext in Temporal (codec/): the server's history of a 9610 and a
 * 1210 shipment holds no order data, buyer name, ID number, phone or address in the clear; the
 * codec server at /codec decodes them for ops only.
 */
let p: Platform;
let reaches: ReturnType<typeof readers>['reaches'];
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  ({ reaches } = readers(p));
});
afterAll(async () => p?.stop());

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const History = proto.temporal.api.history.v1.History;
const markerData: Payload[] = [];
/** Patch markers (workflows/README.md, lean-history): Core's bookkeeping, the patch id in the clear. */
const patchData: Payload[] = [];
const LOCAL_ACTIVITY_MARKER_KEYS = new Set(['seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time']);
/** The OpenTelemetry interceptors' trace-context headers: the SDK does not pass headers through the codec. */
const traceHeaders: Payload[] = [];
const TRACE_HEADER = '_tracer-data';

/**
 * Every payload in a history, except search attributes (indexed by the server, never encoded),
 * the SDK core's own local-activity marker bookkeeping (`details.data`: seq, attempt, activity
 * type, times) and the trace-context headers of the tracing interceptors; both are checked below
 * to carry nothing else.
 */
function payloadsOf(node: unknown, path: string[] = [], out: { path: string; payload: Payload }[] = []): { path: string; payload: Payload }[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return out;
  if (Array.isArray(node)) {
    node.forEach((n, i) => payloadsOf(n, [...path, String(i)], out));
    return out;
  }
  const rec = node as Record<string, unknown>;
  if (rec.metadata && typeof rec.metadata === 'object' && 'data' in rec) {
    out.push({ path: path.join('.'), payload: rec as Payload });
    return out;
  }
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'searchAttributes') continue;
    if (k === TRACE_HEADER && path.at(-1) === 'fields' && path.at(-2) === 'header') {
      traceHeaders.push(v as Payload);
      continue;
    }
    if (k === 'data' && path.at(-1) === 'details' && path.at(-2) === 'markerRecordedEventAttributes') {
      markerData.push(...((v as { payloads?: Payload[] }).payloads ?? []));
      continue;
    }
    if (k === 'patch-data' && path.at(-1) === 'details' && path.at(-2) === 'markerRecordedEventAttributes') {
      patchData.push(...((v as { payloads?: Payload[] }).payloads ?? []));
      continue;
    }
    payloadsOf(v, [...path, k], out);
  }
  return out;
}

async function serverHistory(workflowId: string) {
  return p.temporal.workflow.getHandle(workflowId).fetchHistory();
}

const b64 = (payloads: Payload[]) => ({
  payloads: payloads.map((x) => ({
    metadata: Object.fromEntries(Object.entries(x.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
    data: Buffer.from(x.data ?? new Uint8Array()).toString('base64'),
  })),
});

describe('payload encryption', () => {
  let id9610: string;
  let input9610: Payload;

  it('stores a 9610 shipment\'s history as ciphertext: input, results, signals, details', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('ENC-9610-1') });
    expect(created.response.status).toBe(202);
    id9610 = created.data!.id;
    await reaches(id9610, ['COMPLETED']);
    const history = await serverHistory(id9610);
    const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
    input9610 = started.input!.payloads![0]!;
    expect(text(input9610.metadata!.encoding)).toBe(ENCODING);
    expect(keyIdOf(input9610).keyId).toBe('dev1');
    const data = Buffer.from(input9610.data!);
    for (const clear of ['ENC-9610-1', 'WBENC-9610-1', '达州乌梅茶', '达州国际物流有限公司', 'DZ-TEA-001']) expect(data.includes(Buffer.from(clear))).toBe(false);

    const all = payloadsOf(history);
    expect(all.length).toBeGreaterThan(10);
    const plain = all.filter(({ payload }) => text(payload.metadata?.encoding) !== ENCODING).map(({ path, payload }) => `${path} (${text(payload.metadata?.encoding)})`);
    expect(plain).toEqual([]);
    // local-activity markers: Core's bookkeeping in the clear, the result itself encrypted
    expect(markerData.length).toBeGreaterThan(0);
    for (const m of markerData) {
      expect(text(m.metadata?.encoding)).toBe('json/plain');
      expect(Object.keys(JSON.parse(text(m.data)) as object).every((k) => LOCAL_ACTIVITY_MARKER_KEYS.has(k)), text(m.data)).toBe(true);
    }
    // patch markers: the patch id in the clear, nothing of the shipment
    expect(patchData.length).toBeGreaterThan(0);
    const patchIds = new Set(['lean-history', 'callbacks-bound', 'masked-signer-in-timeline', 'failure-without-free-text', 'fx-before-tax', 'refund-status-polling', 'return-quota-on-goods-back', 'china-export-date']);
    for (const m of patchData) {
      const marker = JSON.parse(text(m.data)) as { id: string; deprecated: boolean };
      expect(Object.keys(marker).sort()).toEqual(['deprecated', 'id']);
      expect(patchIds.has(marker.id), marker.id).toBe(true);
    }
    // trace-context headers (W3C traceparent) in the clear: ids only, no shipment data
    for (const h of traceHeaders) {
      expect(Object.keys(JSON.parse(text(h.data)) as object).every((k) => ['traceparent', 'tracestate'].includes(k)), text(h.data)).toBe(true);
    }
  });

  it('replays the encrypted history with the codec, also after a key rotation, and not without it', async () => {
    const history = await serverHistory(id9610);
    const workflowBundle = await bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
    const rotated = new AesGcmPayloadCodec(`k-next:${randomBytes(32).toString('base64')},${DEV_PAYLOAD_KEYS}`);
    expect(rotated.primaryKeyId).toBe('k-next');
    await expect(Worker.runReplayHistory({ workflowBundle, dataConverter: { payloadCodecs: [rotated] } }, history, id9610)).resolves.toBeUndefined();
    await expect(Worker.runReplayHistory({ workflowBundle }, history, id9610)).rejects.toThrow();
  });

  it('keeps a 1210 buyer\'s name, ID number, phone and address out of the history and the search attributes', async () => {
    await enterBondedStock(p, 'ENC-ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 10 }]);
    const body = order1210('ENC-1210-1', 7);
    const created = await p.api.POST('/v1/shipments', { body });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    await reaches(id, ['COMPLETED']);
    const history = await serverHistory(id);
    const raw = Buffer.from(History.encode(history).finish());
    const personal = [body.buyer.name, body.buyer.idNumber, body.buyer.telephone, body.consignee.name, body.consignee.telephone, body.consignee.address, body.buyer.registerNo];
    for (const value of personal) expect(raw.includes(Buffer.from(value)), value).toBe(false);
    expect(payloadsOf(history).every(({ payload }) => text(payload.metadata?.encoding) === ENCODING)).toBe(true);

    const description = await p.temporal.workflow.getHandle(id).describe();
    const attributes = JSON.stringify(Object.fromEntries(description.typedSearchAttributes.getAll().map((a) => [a.key.name, a.value])));
    for (const value of personal) expect(attributes).not.toContain(value);
    expect(Object.keys(JSON.parse(attributes) as object).sort()).toEqual(expect.arrayContaining(['CustomsMode', 'EnterpriseId', 'ShipmentStatus']));
  });

  it('the codec server decodes history payloads for ops and refuses everyone else', async () => {
    const url = `${p.apiUrl}/codec/decode`;
    const request = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(b64([input9610])) });

    const ops = await request({ authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` });
    expect(ops.status).toBe(200);
    const decoded = (await ops.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(decoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString('utf8')) as unknown;
    expect(JSON.stringify(input)).toContain('ENC-9610-1');

    expect((await request({})).status).toBe(401);
    expect((await request({ authorization: `Bearer ${p.apiKey}` })).status).toBe(403); // an enterprise key is not enough
    expect((await request({ cookie: 'cbec_codec_session=forged' })).status).toBe(403);
  });

  it('decodes for the Temporal CLI (--codec-endpoint, --codec-auth with the ops key)', async () => {
    const show = (auth: string) =>
      promisify(execFile)(temporalCliPath(), ['workflow', 'show', '--address', p.config.TEMPORAL_ADDRESS, '--workflow-id', id9610, '--output', 'json', '--codec-endpoint', `${p.apiUrl}/codec`, '--codec-auth', auth], { maxBuffer: 64 * 1024 * 1024 });
    const { stdout } = await show(`Bearer ${p.config.OPS_API_KEY.reveal()}`);
    expect(stdout).toContain('ENC-9610-1');
    expect(stdout).not.toContain('binary/encrypted');
    await expect(show('Bearer wrong-key')).rejects.toThrow();
  });

  it('answers the Web UI: CORS preflight for its origin, session cookie login, encode then decode', async () => {
    const origin = 'http://127.0.0.1:8233';
    const preflight = await fetch(`${p.apiUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const stranger = await fetch(`${p.apiUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    expect((await fetch(`${p.apiUrl}/codec/session`, { method: 'POST' })).status).toBe(401);
    const login = await fetch(`${p.apiUrl}/codec/session`, { method: 'POST', headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    const session = cookie.split(';')[0]!;

    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"note":"from the UI"}').toString('base64') };
    const post = (op: string, body: unknown) => fetch(`${p.apiUrl}/codec/${op}`, { method: 'POST', headers: { origin, cookie: session, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const encoded = await post('encode', { payloads: [plain] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(origin);
    const enc = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(enc.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe(ENCODING);
    const back = (await (await post('decode', enc)).json()) as { payloads: unknown[] };
    expect(back.payloads).toEqual([plain]);
    expect((await post('decode', { nope: 1 })).status).toBe(400);
  });
});
