import { randomInt } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { PositiveListFile } from '../../domain/import/positive-list.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  formatReturnTime, isRejection, newCebGuid, parseRequest, validateRequest, type AnyCebRequest, type CebRequestType,
} from './ceb/index.js';
import { DECLARE_PATH } from './client.js';
import {
  INSPECTION, RELEASE, STEP, TEXT, describe, receiptOf, receiptXml, rec, str,
  type Described, type Doc, type Entity, type Handler, type Issue, type SimCore,
} from './simulator-core.js';
import { exportFlow } from './simulator-export.js';
import { importFlow } from './simulator-import.js';
import { ledgerForm, signatureCheck, type SignaturePolicy } from './simulator-signing.js';
import { summaryFlow } from './simulator-summary.js';
import { deliverByDxp, dxpRoute, type Declared } from './simulator-dxp.js';
import { declarationFlow } from './simulator-declaration.js';
import { receiptCallbackBody } from './receipt-query.js';
import { receiptBox } from './simulator-receipts.js';
import { ENTRY_DECLARATION_TYPE } from './entry/format.js';

/** Our own customs declaration format (entry/format.ts, not official), told by its root element. */
const isEntryDeclaration = (xml: string) => new RegExp(`<(\\w+:)?${ENTRY_DECLARATION_TYPE}[\\s>]`).test(xml.slice(0, 500));

export type SingleWindowSimulatorOptions = Omit<SimulatorOptions, 'system'> & {
  system?: string;
  /**
   * The simulator's real-time clock (epoch ms; default Date.now). Business time is this clock
   * scaled by `timeScale` (the 30-day return window, summary windows, timestamps); tests move it.
   */
  now?: () => number;
  /** Verify business signatures (simulator-signing.ts); unset: unsigned and signed messages are taken unchecked. */
  signatures?: SignaturePolicy;
  /** Positive lists (正面清单) checked in 三单对碰 (simulator-positive-list.ts); unset: none checked. */
  positiveLists?: readonly PositiveListFile[];
  /**
   * Business days after release within which customs takes a CEB625 return (default 30, GACC Ann.
   * 2020 No. 45, docs/reference/domain-rules.md §1.6 step 8). The platform's IMPORT_RETURN_DAYS is
   * the zone's copy of the same rule: scripts/lib/simulators.ts gives the simulator that value.
   */
  returnWindowDays?: number;
};

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

/**
 * The Sichuan Single Window + customs (9610 export, 1210 import, summaries) behind the Chengdu
 * gateway and the national DXP route (simulator-dxp.ts); receipts go back the way their document came (README.md).
 */
export function createSingleWindowSimulator(opts: SingleWindowSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'single-window' });
  const clock = opts.now ?? Date.now;
  const now = () => new Date(clock());
  const docs = new Map<string, Doc>();
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
  /** Documents declared over DXP: the DXP id their receipts go back to (simulator-dxp.ts); others by the gateway's form post. */
  const dxpSenders = new Map<string, string>();
  const box = receiptBox(sim);
  const deliver = (doc: Doc, xml: string) => {
    const dxpSender = dxpSenders.get(doc.id);
    if (dxpSender) return deliverByDxp(sim, xml, dxpSender, now);
    box.keep(xml); // issued: the query finds it whether or not its callback arrives
    return sim.sendCallback(receiptCallbackBody(xml), 'application/x-www-form-urlencoded',
      (status, text) => status === 200 && text.trim() === 'SUCCESS');
  };

  async function send(doc: Doc, issue: Issue): Promise<void> {
    const returnTime = formatReturnTime(now());
    doc.history.push({ returnStatus: issue.status, returnInfo: issue.info, returnTime });
    if (!issue.transient) doc.status = issue.status;
    issue.then?.();
    if (doc.silent) return; // the silent scenario: someone else (a test replaying recorded receipts) answers
    await deliver(doc, receiptXml(doc.receiptType, [{ guid: newCebGuid(), ...doc.echo, returnStatus: issue.status, returnTime, returnInfo: issue.info }]));
  }

  /** The document filed under this key (a resubmission continues its history and chain). */
  function open(d: Described): Doc {
    const doc = docs.get(d.id) ?? { id: d.id, docType: d.docType, receiptType: d.receiptType, status: '', history: [], chain: Promise.resolve(), epoch, echo: {} };
    Object.assign(doc, { echo: d.echo, orderNo: d.orderNo ?? doc.orderNo, doomed: false, passing: false, silent: d.silent, data: d.data });
    docs.set(d.id, doc);
    return doc;
  }
  const accepted = (guid: string, then?: () => void): Issue => ({ status: '2', info: `新增申报成功[${guid}]`, ...(then ? { then } : {}) });

  const core: SimCore = {
    sim, timeScale: opts.timeScale, positiveLists: opts.positiveLists, returnWindowDays: opts.returnWindowDays ?? 30, timing: { step: STEP, release: RELEASE, inspection: INSPECTION }, text: TEXT, now, docs, serial: () => ++serial, open, step, consume, scenarioOf, accepted, ready,
    issue(doc, delay, make) {
      chain(doc, delay, async () => {
        const m = make();
        if (!m) return;
        (doc.issued ??= []).push({ messageType: m.messageType, key: m.key, time: formatReturnTime(now()) });
        if (!doc.silent) await deliver(doc, m.xml);
      });
    },
  };
  // the export flow last: its keyOf (through an inventory or a waybill) is the fallback of orderOf
  const modules = [importFlow(core), summaryFlow(core), exportFlow(core)] as const;
  const declarations = declarationFlow(core);
  const checkSignature = signatureCheck(opts.signatures, INVALID, now);

  sim.app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || req.url !== '/_control/reset') return;
    [docs, used, dxpSenders].forEach((m) => m.clear());
    modules.forEach((m) => m.reset());
    box.reset();
    epoch += 1;
  });

  const handlers: Record<CebRequestType, Handler> = { ...modules[2].handlers, ...modules[0].handlers, ...modules[1].handlers };

  /** The order a message belongs to (scenario key): directly, or a flow's key (export: through the inventory or waybill). */
  function orderOf(d: Described): string | undefined {
    if (d.orderNo) return d.orderNo;
    for (const m of modules) {
      const key = m.keyOf?.(d);
      if (key) return key;
    }
    return undefined;
  }

  function syncReceipt(req: AnyCebRequest, entities: Described[], status: string, info: string): string {
    const returnTime = formatReturnTime(now());
    return receiptXml(receiptOf(req.messageType), entities.map((d) => ({ guid: newCebGuid(), ...d.echo, returnStatus: status, returnTime, returnInfo: info })));
  }

  const text = (reply: FastifyReply, body: string) => reply.code(200).type('text/plain; charset=utf-8').send(body);

  /** One CEB message, whichever transport brought it: a plain-text refusal or the synchronous receipt. */
  function declare(xml: string, key: string, dxpSender?: string): Declared {
    if (isEntryDeclaration(xml)) {
      return declarations.declare(xml, key, (id) => (dxpSender ? dxpSenders.set(id, dxpSender) : dxpSenders.delete(id)));
    }
    let parsed: AnyCebRequest;
    try {
      parsed = parseRequest(xml);
    } catch (err) {
      return { kind: 'text', text: `报文解析失败：${(err as Error).message}` };
    }
    const entities = (parsed.entities as unknown as Entity[]).map((e) => describe(parsed.messageType, e));
    if (entities.length === 0) return { kind: 'text', text: '报文解析失败：报文中没有业务数据' };
    for (const d of entities) {
      if (dxpSender) dxpSenders.set(d.id, dxpSender);
      else dxpSenders.delete(d.id);
    }
    if (consume(orderOf(entities[0]!), 'system-error')) return { kind: 'receipt', xml: syncReceipt(parsed, entities, '-1', '系统异常处理'), status: '-1', info: '系统异常处理' };
    // silent: keyed by the orderNo or by a waybill number (the waybill CEB505 carries no orderNo)
    for (const d of entities) {
      const keys = [orderOf(d), str(d.head.logisticsNo), ...d.lines.map((l) => str(l.logisticsNo))].filter((k): k is string => !!k);
      d.silent = keys.some((k) => sim.scenario(k)?.name === 'silent');
    }
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
    return { kind: 'receipt', xml: result, status: '5', info: '预处理成功' };
  }

  sim.app.post(DECLARE_PATH, async (req, reply) => {
    const xml = rec(req.body).xml;
    if (typeof xml !== 'string' || xml.trim() === '') return text(reply, '系统错误：缺少参数xml');
    const declared = declare(xml, str(req.headers['idempotency-key']) || `anonymous:${newCebGuid()}`);
    if (declared.kind === 'text') return text(reply, declared.text);
    return reply.code(200).type('application/xml; charset=utf-8').send(declared.xml);
  });
  dxpRoute(sim, declare);

  sim.app.get('/_state', async () => ({
    documents: Object.fromEntries([...docs.values()].map((d) => [d.id, {
      docType: d.docType, status: d.status, phase: d.phase, preNo: d.echo.preNo || undefined, invtNo: d.echo.invtNo || undefined, entryId: d.echo.entryId || undefined,
      sumNo: d.echo.sumNo || undefined, history: d.history, ...(d.issued ? { issued: d.issued } : {}),
    }])),
    ...modules[0].state(),
    ...modules[1].state(),
    ...modules[2].state(),
  }));

  return sim;
}
