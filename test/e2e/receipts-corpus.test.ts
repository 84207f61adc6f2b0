import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../../adapters/kit/callbacks.js';
import { formatReturnTime, makeInvtNo, makePreNo, newCebGuid, parseReceipts } from '../../adapters/single-window/ceb/index.js';
import { guidFor } from '../../adapters/single-window/mapping.js';
import { routeReceipt } from '../../adapters/single-window/routing.js';
import { copNo, REQUEST_MESSAGE, type DocType } from '../../domain/customs.js';
import { effectKey } from '../../domain/idempotency.js';
import { getState } from '../../workflows/contract.js';
import { shipment9610 } from '../support/fixtures.js';
import { control, effectsFor } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { inboxMessages } from '../support/inbox.js';

/**
 * Replays the recorded Single Window receipts (test/receipts-corpus, scripts/record-receipts.ts)
 * against real shipment workflows: the Single Window simulator files the documents but stays
 * silent for these orders; the test delivers the recorded receipts itself, signed like the
 * gateway's callbacks. Rail, bank and tax simulators run as usual.
 */
const TIME_SCALE = 864_000; // a business day lasts 0.1 s
const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../receipts-corpus');

interface CorpusFile { description: string; scenario: string | null; receipts: { docType: DocType; messageType: string; returnStatus?: string; xml: string }[] }
const load = (name: string): CorpusFile => JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as CorpusFile;

let p: Platform;
let ebcCode: string;
beforeAll(async () => {
  p = await startPlatform({ timeScale: TIME_SCALE });
  ebcCode = (await p.db.enterprise.findUniqueOrThrow({ where: { id: p.enterpriseId } })).customsCode;
});
afterAll(async () => p?.stop());

/** The main stage events of a 9610 export, in the only order they may appear (once each). */
const FORWARD = ['ACCEPTED', 'DATA_PUSH', 'BOOKED', 'DECLARED', 'LOGIC_CHECK_PASSED', 'FIRST_LEG', 'CUSTOMS_REVIEW', 'RELEASED', 'DEPARTED', 'TAX_FILING', 'TAX_RECORDED', 'FX_EXPECTED', 'FUNDS_RECEIVED', 'FX_SETTLED', 'COMPLETED'];

interface Run { id: string; orderNo: string; values: Map<string, string>; delivered: string[] }

/** A shipment whose Single Window receipts are left to the test (scenario `silent` on its order and waybill). */
async function create(orderNo: string): Promise<Run> {
  const body = shipment9610(orderNo);
  for (const key of [orderNo, body.logistics.waybillNo]) await control(p.simUrls.singleWindow, 'scenarios', { key, scenario: 'silent' });
  const res = await p.api.POST('/v1/shipments', { body });
  expect(res.response.status).toBe(202);
  const id = res.data!.id;
  const values = new Map<string, string>([
    ['orderNo', orderNo], ['logisticsNo', body.logistics.waybillNo], ['ebpCode', body.platform.code], ['ebcCode', ebcCode], ['logisticsCode', body.logistics.code],
  ]);
  return { id, orderNo, values, delivered: [] };
}

let serial = 0;
/** The value of one placeholder: from the shipment, or made up once per run (customs numbers, guids, times). */
async function valueOf(run: Run, name: string): Promise<string> {
  const known = run.values.get(name);
  if (known !== undefined) return known;
  const [kind, a, b] = name.split(':');
  let value: string;
  if (kind === 'copNo') value = copNo(run.id, a as DocType, Number(b));
  else if (kind === 'requestGuid') value = guidFor(effectKey(run.id, REQUEST_MESSAGE[a as DocType], Number(b)));
  else if (kind === 'preNo') value = makePreNo(new Date(), ++serial);
  else if (kind === 'invtNo') value = makeInvtNo('7901', new Date().getFullYear(), 'E', ++serial);
  else if (kind === 'guid' || kind === 'messageGuid') value = newCebGuid();
  else if (kind === 'returnTime') value = formatReturnTime(new Date());
  else if (kind === 'bookingNo') {
    value = await eventually(async () => (await detail(run.id)).transport.bookingNo ?? undefined, `${run.id}: booking number`);
  } else throw new Error(`unknown placeholder {{${name}}}`);
  run.values.set(name, value);
  return value;
}

async function fill(run: Run, xml: string): Promise<string> {
  let out = xml;
  for (const [whole, name] of xml.matchAll(/\{\{([^}]+)\}\}/g)) out = out.split(whole).join(await valueOf(run, name!));
  return out;
}

let lastTimestamp = 0;
/** Posts one receipt as the gateway would: form `message=<xml>`, signed with the platform's Single Window secret. */
async function deliver(xml: string): Promise<void> {
  const body = new URLSearchParams({ message: xml }).toString();
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1); // a fresh signature for every delivery, even of the same bytes
  const timestamp = String(lastTimestamp);
  const res = await fetch(`${p.apiUrl}/v1/callbacks/single-window`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signBody(p.config.SINGLE_WINDOW_CALLBACK_SECRET.reveal(), timestamp, body),
    },
    body,
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('SUCCESS');
}

/**
 * Delivers the file's receipts in its order, each once the platform has filed the document it
 * answers (as the real gateway can only answer a message it received).
 */
async function replay(run: Run, file: CorpusFile): Promise<void> {
  for (const entry of file.receipts) {
    const xml = await fill(run, entry.xml);
    const [receipt] = parseReceipts(xml);
    const route = receipt && routeReceipt(receipt);
    if (!route || route.docType !== entry.docType) throw new Error(`corpus receipt does not route to ${entry.docType}: ${xml}`);
    await eventually(
      () => p.db.shipmentDocument.findUnique({ where: { system_docType_businessKey: { system: 'single-window', ...route } } }).then((d) => (d?.shipmentId === run.id ? d : undefined)),
      `${run.id}: ${route.docType} ${route.businessKey} filed`,
    );
    await deliver(xml);
    run.delivered.push(`${route.docType}:${receipt.returnStatus}`);
  }
}

const detail = async (id: string) => (await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data!;
const state = (id: string) => p.temporal.workflow.getHandle(id).query(getState);

async function waitStatus(id: string, status: string) {
  return eventually(async () => {
    const d = await detail(id);
    return d?.status === status ? d : undefined;
  }, `${id}: ${status}`);
}
/** Waits for the workflow's stage status (not masked by SLA_BREACHED while it waits). */
async function waitStageStatus(id: string, stageStatus: string) {
  return eventually(async () => {
    const s = await state(id);
    return s.stageStatus === stageStatus ? s : undefined;
  }, `${id}: stage status ${stageStatus}`);
}

function expectForward(types: string[], except: string[] = []) {
  expect(types.filter((t) => FORWARD.includes(t))).toEqual(FORWARD.filter((t) => !except.includes(t)));
}

/** The simulator filed each document but sent no receipt of its own for the order. */
async function expectSilentSimulator(run: Run) {
  const ops = (await effectsFor(p.simUrls.singleWindow, run.id)).map((e) => e.operation);
  expect(ops).toEqual(expect.arrayContaining(['CEB303Message', 'CEB505Message']));
  const mine = p.sims.singleWindow!.callbackLog.filter((c) => c.body.includes(encodeURIComponent(run.orderNo)) || c.body.includes(run.orderNo));
  expect(mine).toEqual([]);
}

describe('Single Window receipts corpus', () => {
  it('has the recorded sequences', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(expect.arrayContaining(['accepted.json', 'format-error.json', 'inspection-then-release.json', 'inventory-rejected-then-corrected.json', 'out-of-order.json']));
    for (const f of files) {
      const c = load(f);
      expect(c.receipts.length).toBeGreaterThan(0);
      for (const r of c.receipts) expect(r.xml).toContain(`<ceb:${r.messageType}`);
    }
  });

  it('accepted.json: every stage follows, the shipment completes with the recorded inventory number', async () => {
    const run = await create('CORPUS-ACCEPTED');
    await replay(run, load('accepted.json'));
    const done = await waitStatus(run.id, 'COMPLETED');
    expectForward(done.timeline.map((e) => e.type));
    expect(done.declaration.invtNo).toBe(run.values.get('invtNo:0'));
    expect(run.delivered).toContain('INVENTORY:899');
    await expectSilentSimulator(run);
  });

  it('inventory-rejected-then-corrected.json: REJECTED with the reason, the correction moves it on', async () => {
    const run = await create('CORPUS-REJECTED');
    const replayed = replay(run, load('inventory-rejected-then-corrected.json'));
    replayed.catch(() => undefined); // awaited below; keep an early failure from being unhandled
    const rejected = await waitStageStatus(run.id, 'REJECTED');
    expect(rejected.lastRejection).toContain('100');
    expect(rejected.lastRejection).toContain('人工退单，商品编码有误');
    const items = shipment9610('x').items.map((i) => ({ ...i, hsCode: i.hsCode === '0902300000' ? '0902309000' : i.hsCode }));
    const fixed = await p.api.POST('/v1/shipments/{id}/corrections', { params: { path: { id: run.id } }, body: { reason: 'HS code corrected per customs', items } });
    expect(fixed.response.status).toBe(200);
    await replayed;
    const done = await waitStatus(run.id, 'COMPLETED');
    const types = done.timeline.map((e) => e.type);
    expect(types.indexOf('CORRECTED')).toBeGreaterThan(types.indexOf('REJECTED'));
    expect(done.declaration.invtNo).toBe(run.values.get('invtNo:1'));
    const inventories = (await effectsFor(p.simUrls.singleWindow, run.id)).filter((e) => e.operation === 'CEB603Message');
    expect(inventories.map((e) => e.key)).toEqual([`${run.id}:CEB603Message:r0`, `${run.id}:CEB603Message:r1`]);
    await expectSilentSimulator(run);
  });

  it('inspection-then-release.json: INSPECTION until ops clear it, then released', async () => {
    const run = await create('CORPUS-INSPECT');
    const replayed = replay(run, load('inspection-then-release.json'));
    replayed.catch(() => undefined);
    await waitStageStatus(run.id, 'INSPECTION');
    // held: the 800 may already be in, but nothing moves on before ops decide
    expect((await detail(run.id)).timeline.map((e) => e.type)).not.toContain('RELEASED');
    const res = await fetch(`${p.apiUrl}/v1/ops/shipments/${encodeURIComponent(run.id)}/inspection`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` },
      body: JSON.stringify({ outcome: 'CLEARED', note: 'goods match the declaration', operator: 'ops-li' }),
    });
    expect(res.status).toBe(200);
    await replayed;
    const done = await waitStatus(run.id, 'COMPLETED');
    const types = done.timeline.map((e) => e.type);
    expect(types.indexOf('INSPECTION')).toBeGreaterThan(types.indexOf('LOGIC_CHECK_PASSED'));
    expect(types.indexOf('INSPECTION_CLEARED')).toBeGreaterThan(types.indexOf('INSPECTION'));
    expect(types.indexOf('RELEASED')).toBeGreaterThan(types.indexOf('INSPECTION_CLEARED'));
  });

  it('format-error.json: the negative receipt for a malformed waybill puts the shipment in REJECTED', async () => {
    const run = await create('CORPUS-FORMAT');
    await replay(run, load('format-error.json'));
    const rejected = await waitStageStatus(run.id, 'REJECTED');
    expect(rejected.lastRejection).toContain('WAYBILL: -504000');
    expect(rejected.lastRejection).toContain('packNo');
    // the REST API follows the workflow: the rejection reaches its timeline right after
    const d = await eventually(async () => {
      const x = await detail(run.id);
      return x.timeline.some((e) => e.type === 'REJECTED') ? x : undefined;
    }, `${run.id}: REJECTED on the timeline`);
    expect(d.timeline.map((e) => e.type)).not.toContain('DECLARED');
  });

  it('out-of-order.json: a release before the logic check and duplicates never move the shipment backwards', async () => {
    const run = await create('CORPUS-OUT-OF-ORDER');
    await replay(run, load('out-of-order.json'));
    expect(run.delivered.slice(6, 8)).toEqual(['INVENTORY:800', 'INVENTORY:120']);
    const done = await waitStatus(run.id, 'COMPLETED');
    const types = done.timeline.map((e) => e.type);
    expectForward(types);
    expect(types).not.toContain('REJECTED');
    expect(done.declaration.invtNo).toBe(run.values.get('invtNo:0'));
    // exact duplicates (same guid, same bytes) were stored once: 12 deliveries name the order, 8 distinct receipts
    expect(run.delivered.filter((d) => /^(ORDER|WAYBILL|INVENTORY):/.test(d))).toHaveLength(12);
    const stored = await inboxMessages(p, { where: { system: 'single-window' }, bodyContains: encodeURIComponent(run.orderNo) });
    expect(stored).toHaveLength(8);
  });
});
