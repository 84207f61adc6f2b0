import { randomInt } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { REQUEST_MESSAGE, type DocType } from '../../domain/customs.js';
import { HOUR, MINUTE } from '../../domain/time.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  REQUEST_SPECS, buildReceipt, formatCebDate, formatReturnTime, isRejection, makeInvtNo, makePreNo, newCebGuid, parseRequest,
  validateRequest, type AnyCebRequest, type CebReceiptEntityMap, type CebReceiptType, type CebRequestType,
} from './ceb/index.js';
import { DECLARE_PATH } from './client.js';
import { documentKey } from './routing.js';
import { importFlow } from './simulator-import.js';
import { ledgerForm, signatureCheck, type SignaturePolicy } from './simulator-signing.js';
import { summaryFlow } from './simulator-summary.js';

export type SingleWindowSimulatorOptions = Omit<SimulatorOptions, 'system'> & {
  system?: string;
  /**
   * The simulator's real-time clock (epoch ms; default Date.now). Business time is this clock
   * scaled by `timeScale` (the 30-day return window, summary windows, timestamps); tests move it.
   */
  now?: () => number;
  /** Verify business signatures (simulator-signing.ts); unset: unsigned and signed messages are taken unchecked. */
  signatures?: SignaturePolicy;
};

const STEP = 2 * MINUTE; // spacing of the receipts of one document
const RELEASE = 5 * MINUTE; // logic check passed (+ arrival for export) → release
const INSPECTION = 4 * HOUR;
/** CEB303 → CEB304, CEB621 → CEB622 … (every request's receipt is the next number). */
const receiptOf = (type: CebRequestType) => type.replace(/\d+/, (n) => String(Number(n) + 1)) as CebReceiptType;
const DOC_OF = Object.fromEntries(Object.entries(REQUEST_MESSAGE).map(([d, m]) => [m, d])) as Record<CebRequestType, DocType>;
/**
 * Negative codes for validation failures: family prefixes of §9.3 (−301/−401/−504/−505/−621/−623/
 * −625); the x000 members are the simulator's choice. CEB701 has no family in §9.3: −701000 is ours.
 */
const INVALID: Record<CebRequestType, string> = {
  CEB303Message: '-301000', CEB403Message: '-401000', CEB505Message: '-504000', CEB603Message: '-621000',
  CEB605Message: '-623000', CEB507Message: '-507000', CEB509Message: '-509000', CEB701Message: '-701000',
  CEB311Message: '-301000', CEB411Message: '-401000', CEB511Message: '-504000', CEB513Message: '-505000',
  CEB621Message: '-621000', CEB623Message: '-623000', CEB625Message: '-625000',
};
const TEXT = {
  passed: '[Code:1800;Desc:逻辑校验通过]', released: '[Code:2600;Desc:放行]', closed: '[Code:2700;Desc:结关]',
  inspect: '[Code:2500;Desc:查验]', concluded: '[Code:2300;Desc:审核通过]海关审结',
  cancelled: '[Code:2300;Desc:审核通过],撤单申请审核通过,清单已成功撤单', rejectOrder: '[Code:1300;Desc:人工退单，订单信息有误]',
  rejectInventory: '[Code:1300;Desc:人工退单，商品编码有误]', rejectAfterArrival: '[Code:1300;Desc:人工审核退单，申报价格与实际不符]',
  duplicateOrder: '已存在相同编号的订单', cancelRefused: '清单状态不符合撤单申报要求',
};
/** Request fields each receipt echoes (receipt tables of ceb-messages.md §6.2/§7.2). */
const ECHO: Record<CebRequestType, string[]> = {
  CEB303Message: ['ebpCode', 'ebcCode', 'orderNo'], CEB403Message: ['ebcCode', 'orderNo', 'payNo'],
  CEB505Message: ['logisticsCode', 'logisticsNo'], CEB605Message: ['agentCode', 'copNo', 'preNo', 'invtNo'],
  CEB603Message: ['agentCode', 'copNo', 'preNo', 'invtNo', 'ebcCode', 'ebpCode', 'orderNo', 'statisticsFlag'],
  CEB507Message: ['operatorCode', 'logisticsCode', 'preNo', 'copNo', 'billNo', 'msgSeqNo'], CEB509Message: ['logisticsCode', 'copNo', 'preNo', 'msgSeqNo'],
  CEB701Message: ['agentCode', 'ebcCode', 'copNo', 'preNo', 'sumNo', 'msgSeqNo'],
  CEB311Message: ['ebpCode', 'ebcCode', 'orderNo'], CEB411Message: ['payCode', 'payTransactionId'],
  CEB511Message: ['logisticsCode', 'logisticsNo'], CEB513Message: ['logisticsCode', 'logisticsNo', 'logisticsStatus'],
  CEB621Message: ['customsCode', 'ebpCode', 'ebcCode', 'agentCode', 'copNo', 'preNo', 'invtNo'],
  CEB623Message: ['customsCode', 'agentCode', 'ebpCode', 'ebcCode', 'copNo', 'preNo', 'invtNo'],
  CEB625Message: ['customsCode', 'agentCode', 'ebpCode', 'ebcCode', 'copNo', 'preNo', 'invtNo'],
};

export type Fields = Record<string, string>;
type Entity = Record<string, unknown>;
export type Phase = 'declared' | 'matched' | 'passed' | 'released' | 'closed' | 'cancelled' | 'rejected';
export interface Issue { status: string; info: string; transient?: boolean; then?: () => void }
export interface Doc {
  id: string; docType: DocType; receiptType: CebReceiptType; echo: Fields; orderNo?: string | undefined; status: string;
  history: { returnStatus: string; returnInfo: string; returnTime: string }[]; chain: Promise<void>; epoch: number;
  /** doomed: its rejection is already decided (scenario), so it takes no part in matching. */
  doomed?: boolean; passing?: boolean; phase?: Phase; releasing?: boolean; inspected?: boolean; customs?: string;
  links?: { order: string; waybill: string; payment: string; parcel: string }; parcels?: string[];
  /** silent scenario: the document is processed as usual but its receipts are not sent. */
  silent?: boolean;
  /** The request's head and lines as text (import matching, summaries). */
  data?: { head: Fields; lines: Fields[] };
  /** Simulator clock (real epoch ms) of the 800 release. */
  releasedAt?: number;
  /** Customs-issued messages (CEB816/818/792) sent for this document. */
  issued?: { messageType: string; key: string; time: string }[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const rec = (v: unknown): Entity => (typeof v === 'object' && v !== null ? (v as Entity) : {});
const pick = (e: Entity, names: string[]): Fields => Object.fromEntries(names.map((n) => [n, str(e[n])]).filter(([, v]) => v !== ''));
const texts = (e: Entity): Fields => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, str(v)]));

/** Head, lines, echoed receipt fields and document id (`<docType>:<documentKey>`) of one request entity. */
function describe(type: CebRequestType, raw: Entity) {
  const spec = REQUEST_SPECS[type].entity;
  const head = spec.kind === 'leaf' ? raw : rec(raw[spec.head.tag]);
  const lines = spec.kind === 'headList' && Array.isArray(raw[spec.list.tag]) ? (raw[spec.list.tag] as unknown[]).map(rec) : [];
  const docType = DOC_OF[type];
  const guid = str(head.guid);
  const key = documentKey(docType, pick(head, ['ebpCode', 'ebcCode', 'orderNo', 'logisticsCode', 'logisticsNo', 'copNo', 'payCode', 'payTransactionId']));
  const id = `${docType}:${key ?? `invalid-${guid || newCebGuid()}`}`;
  const data = { head: texts(head), lines: lines.map(texts) };
  return { docType, receiptType: receiptOf(type), id, echo: pick(head, ECHO[type]), orderNo: str(head.orderNo) || undefined, guid, head, lines, data, silent: false };
}
export type Described = ReturnType<typeof describe>;
type Handler = (d: Described) => void;

/** A receipt message; validated when the request carried everything the receipt echoes. */
function receiptXml(type: CebReceiptType, entities: Fields[]): string {
  const returns = entities as unknown as CebReceiptEntityMap[CebReceiptType][]; // int fields may be text
  try {
    return buildReceipt(type, returns);
  } catch {
    return buildReceipt(type, returns, { validate: false });
  }
}

/** What the import and summary modules use of the simulator (one instance per simulator). */
export interface SimCore {
  sim: Simulator;
  timeScale: number;
  /** Business delays: between receipts of a document, logic check → release, extra for an inspection. */
  timing: { step: number; release: number; inspection: number };
  text: typeof TEXT;
  /** The simulator clock (see SingleWindowSimulatorOptions.now). */
  now(): Date;
  docs: Map<string, Doc>;
  serial(): number;
  /** The document filed under d.id (a resubmission continues its history and chain). */
  open(d: Described): Doc;
  /** Appends a receipt to the document's chain, `delay` business ms after the previous one. */
  step(doc: Doc, delay: number, decide: () => Issue | undefined): void;
  /** Appends a customs-issued message (CEB816/818/792: `message=<xml>` like receipts) to the document's chain. */
  issue(doc: Doc, delay: number, make: () => { messageType: string; key: string; xml: string } | undefined): void;
  consume(key: string | undefined, name: string): boolean;
  scenarioOf(doc: Doc): { name: string; params: Record<string, unknown> } | undefined;
  accepted(guid: string, then?: () => void): Issue;
  ready(d: Doc | undefined): d is Doc;
}
export interface SimModule<T extends CebRequestType> {
  handlers: Record<T, Handler>;
  /** The scenario key (order number) of a message this module handles, when not in the message. */
  keyOf?(d: Described): string | undefined;
  reset(): void;
  state(): Record<string, unknown>;
}

/** The Sichuan Single Window + customs (9610 export, 1210 import, summaries) behind the Chengdu gateway (README.md). */
export function createSingleWindowSimulator(opts: SingleWindowSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'single-window' });
  const clock = opts.now ?? Date.now;
  const now = () => new Date(clock());
  const docs = new Map<string, Doc>();
  const byInvtNo = new Map<string, Doc>();
  const arrived = new Set<string>();
  const used = new Map<string, number>();
  let epoch = 0;
  // customs numbers (preNo, invtNo, sumNo) are unique nationwide: each simulator instance starts
  // its serials at a random point so two instances (test files, restarts) never hand out the same
  let serial = randomInt(1, 900_000) * 1000;

  /** Counts one use of a scenario for an order; false once `params.times` (default 1) are used up. */
  function consume(orderNo: string | undefined, name: string): boolean {
    const s = orderNo ? sim.scenario(orderNo) : undefined;
    if (!s || s.name !== name) return false;
    const times = typeof s.params.times === 'number' ? s.params.times : 1;
    const k = `${name}:${orderNo}`;
    const n = used.get(k) ?? 0;
    if (n < times) used.set(k, n + 1);
    return n < times;
  }
  const scenarioOf = (doc: Doc) => (doc.orderNo ? sim.scenario(doc.orderNo) : undefined);
  const inventories = () => [...docs.values()].filter((d) => d.docType === 'INVENTORY');
  const ready = (d: Doc | undefined): d is Doc => !!d && !d.doomed && (d.status === '2' || d.status === '120');

  function chain(doc: Doc, delay: number, run: () => Promise<void>): void {
    const guarded = () => (doc.epoch === epoch ? run() : Promise.resolve()); // nothing after a reset
    doc.chain = doc.chain.then(() => new Promise<void>((done) => sim.later(delay, () => guarded().finally(done))));
  }
  /** Appends a receipt to the document's chain: receipts of one document go out strictly in order. */
  function step(doc: Doc, delay: number, decide: () => Issue | undefined): void {
    chain(doc, delay, async () => {
      const issue = decide();
      if (issue) await send(doc, issue);
    });
  }
  const deliver = (xml: string) => sim.sendCallback(new URLSearchParams({ message: xml }).toString(), 'application/x-www-form-urlencoded',
    (status, text) => status === 200 && text.trim() === 'SUCCESS');

  async function send(doc: Doc, issue: Issue): Promise<void> {
    const returnTime = formatReturnTime(now());
    doc.history.push({ returnStatus: issue.status, returnInfo: issue.info, returnTime });
    if (!issue.transient) doc.status = issue.status;
    issue.then?.();
    if (doc.silent) return; // the silent scenario: someone else (a test replaying recorded receipts) answers
    await deliver(receiptXml(doc.receiptType, [{ guid: newCebGuid(), ...doc.echo, returnStatus: issue.status, returnTime, returnInfo: issue.info }]));
  }

  /** The document filed under this key (a resubmission continues its history and chain). */
  function open(d: Described): Doc {
    const doc = docs.get(d.id) ?? { id: d.id, docType: d.docType, receiptType: d.receiptType, status: '', history: [], chain: Promise.resolve(), epoch, echo: {} };
    Object.assign(doc, { echo: d.echo, orderNo: d.orderNo ?? doc.orderNo, doomed: false, passing: false, silent: d.silent, data: d.data });
    docs.set(d.id, doc);
    return doc;
  }
  /** Arrival/departure: a new preNo and the waybills (carrier:logisticsNo) it lists. */
  function withParcels(d: Described): Doc {
    const doc = open({ ...d, echo: { ...d.echo, preNo: makePreNo(now(), ++serial) } });
    doc.parcels = d.lines.map((l) => `${str(d.head.logisticsCode)}:${str(l.logisticsNo)}`);
    return doc;
  }
  const accepted = (guid: string, then?: () => void): Issue => ({ status: '2', info: `新增申报成功[${guid}]`, ...(then ? { then } : {}) });

  const core: SimCore = {
    sim, timeScale: opts.timeScale, timing: { step: STEP, release: RELEASE, inspection: INSPECTION }, text: TEXT, now, docs, serial: () => ++serial, open, step, consume, scenarioOf, accepted, ready,
    issue(doc, delay, make) {
      chain(doc, delay, async () => {
        const m = make();
        if (!m) return;
        (doc.issued ??= []).push({ messageType: m.messageType, key: m.key, time: formatReturnTime(now()) });
        if (!doc.silent) await deliver(m.xml);
      });
    },
  };
  const modules = [importFlow(core), summaryFlow(core)] as const;
  const checkSignature = signatureCheck(opts.signatures, INVALID, now);

  sim.app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || req.url !== '/_control/reset') return;
    [docs, byInvtNo, arrived, used].forEach((m) => m.clear());
    modules.forEach((m) => m.reset());
    epoch += 1;
  });

  /** 三单对碰 (export): an inventory at 2 whose order and waybill are at 2/120 passes the logic check. */
  function match(): void {
    for (const inv of inventories()) {
      if (inv.phase !== 'declared' || inv.status !== '2' || inv.doomed || !inv.links) continue;
      const l = inv.links;
      const order = docs.get(`ORDER:${l.order}`);
      const waybill = docs.get(`WAYBILL:${l.waybill}`);
      if (!ready(order) || !ready(waybill) || order.echo.ebcCode !== inv.echo.ebcCode) continue;
      inv.phase = 'matched';
      for (const d of [order, waybill, docs.get(`PAYMENT_RECEIPT:${l.payment}`)]) {
        if (d && d.status === '2' && !d.passing && !d.doomed) {
          d.passing = true;
          step(d, STEP, () => ({ status: '120', info: TEXT.passed }));
        }
      }
      const invtNo = makeInvtNo(/^\d{4}$/.test(inv.customs ?? '') ? inv.customs! : '0000', Number(formatCebDate(now()).slice(0, 4)), 'E', ++serial);
      const inspect = scenarioOf(inv)?.name === 'inspect';
      step(inv, STEP, () => {
        if (inv.phase !== 'matched') return undefined;
        inv.phase = 'passed';
        inv.echo.invtNo = invtNo;
        byInvtNo.set(invtNo, inv);
        return { status: '120', info: TEXT.passed, then: () => !inspect && release(inv) };
      });
      if (inspect) {
        step(inv, STEP, () => inv.phase === 'passed' ? { status: '500', info: TEXT.inspect, then: () => { inv.inspected = true; release(inv); } } : undefined);
      }
    }
  }

  /** Release once the logic check passed (and an inspection was opened) and the goods arrived. */
  function release(inv: Doc): void {
    const s = scenarioOf(inv);
    if (inv.phase !== 'passed' || inv.releasing || !inv.links || !arrived.has(inv.links.parcel)) return;
    if (s?.name === 'inspect' && !inv.inspected) return;
    inv.releasing = true;
    const extra = s?.name === 'inspect' ? INSPECTION : s?.name === 'delay-release' && typeof s.params.businessDelayMs === 'number' ? s.params.businessDelayMs : 0;
    const reject = consume(inv.orderNo, 'reject-after-arrival');
    step(inv, RELEASE + extra, () => {
      if (inv.phase !== 'passed') return undefined; // cancelled meanwhile
      inv.phase = reject ? 'rejected' : 'released';
      if (!reject) inv.releasedAt = clock();
      return reject ? { status: '100', info: TEXT.rejectAfterArrival } : { status: '800', info: TEXT.released };
    });
  }

  const exportHandlers: Record<'CEB303Message' | 'CEB403Message' | 'CEB505Message' | 'CEB603Message' | 'CEB605Message' | 'CEB507Message' | 'CEB509Message', Handler> = {
    CEB303Message(d) {
      const existing = docs.get(d.id);
      if (existing && !isRejection(existing.status)) return step(existing, STEP, () => ({ status: '-301010', info: TEXT.duplicateOrder, transient: true }));
      const doc = open(d);
      doc.doomed = consume(d.orderNo, 'reject-order');
      step(doc, STEP, () => accepted(d.guid, match));
      if (doc.doomed) step(doc, STEP, () => ({ status: '100', info: TEXT.rejectOrder }));
    },
    CEB403Message: (d) => step(open(d), STEP, () => accepted(d.guid, match)),
    CEB505Message: (d) => step(open(d), STEP, () => accepted(d.guid, match)),
    CEB603Message(d) {
      const h = d.head;
      // invtNo is assigned by customs at the logic check; until then the receipts carry it empty.
      const doc = open({ ...d, echo: { ...d.echo, preNo: makePreNo(now(), ++serial), invtNo: '' } });
      doc.customs = str(h.customsCode);
      const parcel = `${str(h.logisticsCode)}:${str(h.logisticsNo)}`;
      doc.links = { order: `${str(h.ebpCode)}:${str(h.orderNo)}`, waybill: parcel, payment: `${str(h.ebcCode)}:${str(h.orderNo)}`, parcel };
      doc.phase = 'declared';
      doc.doomed = consume(d.orderNo, 'reject-inventory');
      step(doc, STEP, () => ({ status: '2', info: `清单新增申报成功[电商企业编码：${str(h.ebcCode)}订单编号：${str(h.orderNo)}]`, then: match }));
      if (doc.doomed) step(doc, STEP, () => ((doc.phase = 'rejected'), { status: '100', info: TEXT.rejectInventory }));
    },
    CEB605Message(d) {
      const invtNo = str(d.head.invtNo);
      const inv = byInvtNo.get(invtNo);
      const doc = open({ ...d, orderNo: inv?.orderNo, echo: { ...d.echo, preNo: str(inv?.echo.preNo) || str(d.head.preNo) || makePreNo(now(), ++serial) } });
      step(doc, STEP, () => accepted(d.guid));
      step(doc, STEP, () => {
        const target = byInvtNo.get(invtNo);
        if (target?.phase !== 'passed') return { status: '-623005', info: TEXT.cancelRefused };
        target.phase = 'cancelled';
        return { status: '399', info: TEXT.cancelled };
      });
    },
    CEB507Message(d) {
      const doc = withParcels(d);
      step(doc, STEP, () => accepted(d.guid, () => {
        doc.parcels?.forEach((p) => arrived.add(p));
        inventories().filter((i) => doc.parcels?.includes(i.links?.parcel ?? '')).forEach(release);
      }));
      step(doc, STEP, () => ({ status: '399', info: TEXT.concluded }));
    },
    CEB509Message(d) {
      const doc = withParcels(d);
      step(doc, STEP, () => accepted(d.guid));
      step(doc, STEP, () => ({
        status: '399', info: TEXT.concluded, then: () => {
          for (const inv of inventories().filter((i) => i.phase === 'released' && doc.parcels?.includes(i.links?.parcel ?? ''))) {
            step(inv, STEP, () => (inv.phase === 'released' ? ((inv.phase = 'closed'), { status: '899', info: TEXT.closed }) : undefined));
          }
        },
      }));
    },
  };
  const handlers: Record<CebRequestType, Handler> = { ...exportHandlers, ...modules[0].handlers, ...modules[1].handlers };

  /** The order a message belongs to (scenario key): directly, through the inventory or waybill, or the module's key. */
  function orderOf(d: Described): string | undefined {
    if (d.orderNo) return d.orderNo;
    for (const m of modules) {
      const key = m.keyOf?.(d);
      if (key) return key;
    }
    const invtNo = str(d.head.invtNo);
    if (invtNo) return byInvtNo.get(invtNo)?.orderNo;
    const parcels = [str(d.head.logisticsNo), ...d.lines.map((l) => str(l.logisticsNo))].filter(Boolean)
      .map((n) => `${str(d.head.logisticsCode)}:${n}`);
    return inventories().find((i) => parcels.includes(i.links?.parcel ?? ''))?.orderNo;
  }

  function syncReceipt(req: AnyCebRequest, entities: Described[], status: string, info: string): string {
    const returnTime = formatReturnTime(now());
    return receiptXml(receiptOf(req.messageType), entities.map((d) => ({ guid: newCebGuid(), ...d.echo, returnStatus: status, returnTime, returnInfo: info })));
  }

  const text = (reply: FastifyReply, body: string) => reply.code(200).type('text/plain; charset=utf-8').send(body);

  sim.app.post(DECLARE_PATH, async (req, reply) => {
    const xml = rec(req.body).xml;
    if (typeof xml !== 'string' || xml.trim() === '') return text(reply, '系统错误：缺少参数xml');
    let parsed: AnyCebRequest;
    try {
      parsed = parseRequest(xml);
    } catch (err) {
      return text(reply, `报文解析失败：${(err as Error).message}`);
    }
    const entities = (parsed.entities as unknown as Entity[]).map((e) => describe(parsed.messageType, e));
    if (entities.length === 0) return text(reply, '报文解析失败：报文中没有业务数据');
    const reply200 = (body: string) => reply.code(200).type('application/xml; charset=utf-8').send(body);
    if (consume(orderOf(entities[0]!), 'system-error')) return reply200(syncReceipt(parsed, entities, '-1', '系统异常处理'));
    // silent: keyed by the orderNo or by a waybill number (the waybill CEB505 carries no orderNo)
    for (const d of entities) {
      const keys = [orderOf(d), str(d.head.logisticsNo), ...d.lines.map((l) => str(l.logisticsNo))].filter((k): k is string => !!k);
      d.silent = keys.some((k) => sim.scenario(k)?.name === 'silent');
    }
    const key = str(req.headers['idempotency-key']) || `anonymous:${newCebGuid()}`;
    const { result } = sim.ledger.once(key, parsed.messageType, ledgerForm(parsed, xml), () => {
      const refused = checkSignature(parsed, xml); // a bad signature: rejected whatever else is wrong
      const problems = refused ? [] : validateRequest(parsed.messageType, parsed);
      const info = refused?.info ?? problems.map((p) => `${p.path}: ${p.message}`).join('; ').slice(0, 1000);
      for (const d of entities) {
        if (!info) handlers[parsed.messageType](d);
        else {
          const existing = docs.get(d.id); // an invalid repeat does not undo an accepted document
          const kept = existing && !isRejection(existing.status) ? existing : undefined;
          step(kept ?? open(d), STEP, () => ({ status: refused?.status ?? INVALID[parsed.messageType], info, transient: !!kept }));
        }
      }
      return syncReceipt(parsed, entities, '5', '预处理成功');
    });
    return reply200(result);
  });

  sim.app.get('/_state', async () => ({
    documents: Object.fromEntries([...docs.values()].map((d) => [d.id, {
      docType: d.docType, status: d.status, phase: d.phase, preNo: d.echo.preNo || undefined, invtNo: d.echo.invtNo || undefined,
      sumNo: d.echo.sumNo || undefined, history: d.history, ...(d.issued ? { issued: d.issued } : {}),
    }])),
    ...modules[0].state(),
    ...modules[1].state(),
  }));

  return sim;
}
