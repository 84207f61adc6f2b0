/**
 * What the Single Window simulator's flows share (simulator.ts builds the SimCore): documents and
 * their receipts, what a request entity describes, receipt texts and business timing.
 */
import { REQUEST_MESSAGE, type DocType } from '../../domain/customs.js';
import type { PositiveListFile } from '../../domain/import/positive-list.js';
import { HOUR, MINUTE } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import {
  REQUEST_SPECS, buildReceipt, newCebGuid, type CebReceiptEntityMap, type CebReceiptType, type CebRequestType,
} from './ceb/index.js';
import { documentKey } from './routing.js';

export const STEP = 2 * MINUTE; // spacing of the receipts of one document
export const RELEASE = 5 * MINUTE; // logic check passed (+ arrival for export) → release
export const INSPECTION = 4 * HOUR;
/** CEB303 → CEB304, CEB621 → CEB622 … (every request's receipt is the next number). */
export const receiptOf = (type: CebRequestType) => type.replace(/\d+/, (n) => String(Number(n) + 1)) as CebReceiptType;
const DOC_OF = Object.fromEntries(Object.entries(REQUEST_MESSAGE).map(([d, m]) => [m, d])) as Record<CebRequestType, DocType>;
export const TEXT = {
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
export type Entity = Record<string, unknown>;
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

export const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
export const rec = (v: unknown): Entity => (typeof v === 'object' && v !== null ? (v as Entity) : {});
const pick = (e: Entity, names: string[]): Fields => Object.fromEntries(names.map((n) => [n, str(e[n])]).filter(([, v]) => v !== ''));
const texts = (e: Entity): Fields => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, str(v)]));

/** Head, lines, echoed receipt fields and document id (`<docType>:<documentKey>`) of one request entity. */
export function describe(type: CebRequestType, raw: Entity) {
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
export type Handler = (d: Described) => void;

/** A receipt message; validated when the request carried everything the receipt echoes. */
export function receiptXml(type: CebReceiptType, entities: Fields[]): string {
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
  /** Positive lists (正面清单) the simulated customs checks imports against (simulator-positive-list.ts). */
  positiveLists?: readonly PositiveListFile[] | undefined;
  /** Business days after release within which a CEB625 return is taken. */
  returnWindowDays: number;
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
