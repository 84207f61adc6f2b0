/**
 * Writing CEB messages: XML declaration, `ceb:` prefix on every element, namespace
 * http://www.chinaport.gov.cn/ceb, root attributes guid (36 chars) and version, children in
 * XSD order (§2.1): requests = entities, BaseTransfer, BaseSubscribe*; receipts = `…Return`
 * entities only. Absent optional fields are omitted. No ds:Signature is written: signing
 * appends it as the last child, which both XSDs accept when ExtendMessage is absent.
 */
import { formatDecimal } from './decimal.js';
import { newCebGuid } from './ids.js';
import { BASE_SUBSCRIBE_SPEC, BASE_TRANSFER_SPEC, ISSUED_SPECS, RECEIPT_SPECS, REQUEST_SPECS, isReceiptType } from './schema.js';
import type { EntitySpec, FieldSpec, LeafSpec, MessageSpec } from './schema.js';
import { CEB_NAMESPACE } from './types.js';
import type {
  BaseSubscribe, BaseTransfer, CebIssuedEntityMap, CebIssuedType, CebReceipt, CebReceiptEntityMap, CebReceiptType,
  CebRequestEntityMap, CebRequestType, Ceb303Order, Ceb403Receipts, Ceb505Logistics, Ceb507Arrival, Ceb509Departure,
  Ceb603Inventory, Ceb605InvtCancel, Ceb304OrderReturn, Ceb404ReceiptsReturn, Ceb506LogisticsReturn,
  Ceb508ArrivalReturn, Ceb510DepartureReturn, Ceb604InventoryReturn, Ceb606InvtCancelReturn, Ceb900MessageReturn,
  Ceb701SummaryApply, Ceb702SummaryReturn, Ceb311Order, Ceb411Payment, Ceb511Logistics, Ceb513LogisticsStatus,
  Ceb621Inventory, Ceb623InvtCancel, Ceb625InvtRefund, Ceb312OrderReturn, Ceb412PaymentReturn, Ceb512LogisticsReturn,
  Ceb514LogisticsStatusReturn, Ceb622InventoryReturn, Ceb624InvtCancelReturn, Ceb626InvtRefundReturn, Ceb816Tax,
  Ceb818Tax, Ceb792SummaryResult,
} from './types.js';
import { CebValidationError, validateIssued, validateReceipt, validateRequest } from './validate.js';

export class CebBuildError extends Error {
  readonly code = 'CEB.BUILD';
  constructor(message: string) {
    super(message);
    this.name = 'CebBuildError';
  }
}

export interface ReceiptBuildOptions {
  /** Root guid; default a new upper-case UUID. */
  guid?: string;
  /** Root version; default "1.0". */
  version?: string;
  /** Run validation first and throw CebValidationError on problems (default true). */
  validate?: boolean;
}
export interface BuildOptions extends ReceiptBuildOptions {
  baseSubscribe?: readonly BaseSubscribe[];
}

// XML 1.0 forbids these characters even escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(text: string, attribute = false): string {
  if (INVALID_XML_CHARS.test(text)) throw new CebBuildError(`character not allowed in XML: ${JSON.stringify(text)}`);
  const s = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? s.replace(/"/g, '&quot;') : s;
}

function valueText(f: FieldSpec, v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && f.kind === 'int' && Number.isInteger(v)) return String(v);
  if (typeof v === 'number' && f.kind === 'N') return formatDecimal(v, f.fractionDigits ?? 5);
  throw new CebBuildError(`${path}: cannot write ${typeof v} ${JSON.stringify(v)} as ${f.kind}`);
}

class Writer {
  readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  open(tag: string, depth: number, attrs = ''): void {
    this.lines.push(`${'  '.repeat(depth)}<ceb:${tag}${attrs}>`);
  }
  close(tag: string, depth: number): void {
    this.lines.push(`${'  '.repeat(depth)}</ceb:${tag}>`);
  }
  leafEntity(spec: LeafSpec, obj: unknown, depth: number, path: string): void {
    const o = (typeof obj === 'object' && obj !== null ? obj : {}) as Record<string, unknown>;
    this.open(spec.tag, depth);
    for (const f of spec.fields) {
      const v = o[f.name];
      if (v === undefined || v === null) continue;
      const text = escapeXml(valueText(f, v, `${path}.${f.name}`));
      this.lines.push(`${'  '.repeat(depth + 1)}<ceb:${f.name}>${text}</ceb:${f.name}>`);
    }
    this.close(spec.tag, depth);
  }
  entity(spec: EntitySpec, obj: unknown, depth: number, path: string): void {
    if (spec.kind === 'leaf') return this.leafEntity(spec, obj, depth, path);
    const o = (typeof obj === 'object' && obj !== null ? obj : {}) as Record<string, unknown>;
    this.open(spec.tag, depth);
    this.leafEntity(spec.head, o[spec.head.tag], depth + 1, `${path}.${spec.head.tag}`);
    if (spec.kind === 'head') return this.close(spec.tag, depth);
    const lines = Array.isArray(o[spec.list.tag]) ? (o[spec.list.tag] as unknown[]) : [];
    lines.forEach((line, j) => this.leafEntity(spec.list, line, depth + 1, `${path}.${spec.list.tag}[${j}]`));
    this.close(spec.tag, depth);
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function write(spec: MessageSpec, guid: string, version: string, entities: readonly unknown[], tail?: (w: Writer) => void): string {
  const w = new Writer();
  w.open(spec.root, 0, ` guid="${escapeXml(guid, true)}" version="${escapeXml(version, true)}" xmlns:ceb="${CEB_NAMESPACE}"`);
  entities.forEach((e, i) => w.entity(spec.entity, e, 1, `${spec.entity.tag}[${i}]`));
  tail?.(w);
  w.close(spec.root, 0);
  return w.toString();
}

/** Builds a request message (export, summary or import). Validates first unless `opts.validate === false`. */
export function buildRequest<T extends CebRequestType>(
  messageType: T,
  entities: readonly CebRequestEntityMap[T][],
  baseTransfer: BaseTransfer,
  opts: BuildOptions = {},
): string {
  const spec = REQUEST_SPECS[messageType];
  if (!spec) throw new CebBuildError(`unsupported request type ${String(messageType)}`);
  const guid = opts.guid ?? newCebGuid();
  const version = opts.version ?? '1.0';
  const subs = opts.baseSubscribe ?? [];
  if (opts.validate !== false) {
    const problems = validateRequest(messageType, { guid, version, entities, baseTransfer, baseSubscribe: subs }, { signatureFollows: true });
    if (problems.length > 0) throw new CebValidationError(problems);
  }
  return write(spec, guid, version, entities, (w) => {
    w.leafEntity(BASE_TRANSFER_SPEC, baseTransfer, 1, 'BaseTransfer');
    subs.forEach((s, k) => w.leafEntity(BASE_SUBSCRIBE_SPEC, s, 1, `BaseSubscribe[${k}]`));
  });
}

/** Builds a receipt message (used by the Single Window simulator). */
export function buildReceipt<T extends CebReceiptType>(
  messageType: T,
  returns: readonly CebReceiptEntityMap[T][],
  opts: ReceiptBuildOptions = {},
): string {
  const spec = RECEIPT_SPECS[messageType];
  if (!spec) throw new CebBuildError(`unsupported receipt type ${String(messageType)}`);
  const guid = opts.guid ?? newCebGuid();
  const version = opts.version ?? '1.0';
  if (opts.validate !== false) {
    const problems = validateReceipt(messageType, { guid, version, entities: returns });
    if (problems.length > 0) throw new CebValidationError(problems);
  }
  return write(spec, guid, version, returns);
}

/** Builds a customs-issued message CEB816/818/792 (used by the Single Window simulator). */
export function buildIssued<T extends CebIssuedType>(
  messageType: T,
  entities: readonly CebIssuedEntityMap[T][],
  opts: ReceiptBuildOptions = {},
): string {
  const spec = ISSUED_SPECS[messageType];
  if (!spec) throw new CebBuildError(`unsupported customs-issued message type ${String(messageType)}`);
  const guid = opts.guid ?? newCebGuid();
  const version = opts.version ?? '1.0';
  if (opts.validate !== false) {
    const problems = validateIssued(messageType, { guid, version, entities });
    if (problems.length > 0) throw new CebValidationError(problems);
  }
  return write(spec, guid, version, entities);
}

/**
 * Builds one receipt message from normalised receipts (all of the same supported
 * messageType). Only the fields of that type's XSD are written; int fields may be text.
 * Root guid: opts.guid, else the first receipt's messageGuid, else a new one.
 */
export function buildReceiptFromCebReceipts(receipts: readonly CebReceipt[], opts: ReceiptBuildOptions = {}): string {
  const type = receipts[0]?.messageType;
  if (type === undefined || !isReceiptType(type)) throw new CebBuildError(`cannot build receipts of type ${String(type)}`);
  if (receipts.some((r) => r.messageType !== type)) throw new CebBuildError('receipts of different message types');
  const fields = RECEIPT_SPECS[type].entity.fields;
  const returns = receipts.map((r) => {
    const out: Record<string, string | number> = {};
    for (const f of fields) {
      const v = r[f.name];
      if (v !== undefined) out[f.name] = f.kind === 'int' && /^[+-]?\d+$/.test(v) ? Number(v) : v;
    }
    return out;
  });
  return buildReceipt(type, returns as unknown as CebReceiptEntityMap[typeof type][], { guid: receipts[0]?.messageGuid, ...opts });
}

type Req<T extends CebRequestType> = (entities: readonly CebRequestEntityMap[T][], bt: BaseTransfer, opts?: BuildOptions) => string;
const req = <T extends CebRequestType>(t: T): Req<T> => (entities, bt, opts) => buildRequest(t, entities, bt, opts);
type Rec<T extends CebReceiptType> = (returns: readonly CebReceiptEntityMap[T][], opts?: ReceiptBuildOptions) => string;
const rec = <T extends CebReceiptType>(t: T): Rec<T> => (returns, opts) => buildReceipt(t, returns, opts);

export const buildCeb303: (orders: readonly Ceb303Order[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB303Message');
export const buildCeb403: (receipts: readonly Ceb403Receipts[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB403Message');
export const buildCeb505: (waybills: readonly Ceb505Logistics[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB505Message');
export const buildCeb507: (arrivals: readonly Ceb507Arrival[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB507Message');
export const buildCeb509: (departures: readonly Ceb509Departure[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB509Message');
export const buildCeb603: (inventories: readonly Ceb603Inventory[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB603Message');
export const buildCeb605: (cancels: readonly Ceb605InvtCancel[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB605Message');
export const buildCeb701: (applications: readonly Ceb701SummaryApply[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB701Message');
export const buildCeb311: (orders: readonly Ceb311Order[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB311Message');
export const buildCeb411: (payments: readonly Ceb411Payment[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB411Message');
export const buildCeb511: (waybills: readonly Ceb511Logistics[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB511Message');
export const buildCeb513: (statuses: readonly Ceb513LogisticsStatus[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB513Message');
export const buildCeb621: (inventories: readonly Ceb621Inventory[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB621Message');
export const buildCeb623: (cancels: readonly Ceb623InvtCancel[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB623Message');
export const buildCeb625: (refunds: readonly Ceb625InvtRefund[], bt: BaseTransfer, opts?: BuildOptions) => string = req('CEB625Message');

export const buildCeb304: (returns: readonly Ceb304OrderReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB304Message');
export const buildCeb404: (returns: readonly Ceb404ReceiptsReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB404Message');
export const buildCeb506: (returns: readonly Ceb506LogisticsReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB506Message');
export const buildCeb508: (returns: readonly Ceb508ArrivalReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB508Message');
export const buildCeb510: (returns: readonly Ceb510DepartureReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB510Message');
export const buildCeb604: (returns: readonly Ceb604InventoryReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB604Message');
export const buildCeb606: (returns: readonly Ceb606InvtCancelReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB606Message');
export const buildCeb900: (returns: readonly Ceb900MessageReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB900Message');
export const buildCeb702: (returns: readonly Ceb702SummaryReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB702Message');
export const buildCeb312: (returns: readonly Ceb312OrderReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB312Message');
export const buildCeb412: (returns: readonly Ceb412PaymentReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB412Message');
export const buildCeb512: (returns: readonly Ceb512LogisticsReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB512Message');
export const buildCeb514: (returns: readonly Ceb514LogisticsStatusReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB514Message');
export const buildCeb622: (returns: readonly Ceb622InventoryReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB622Message');
export const buildCeb624: (returns: readonly Ceb624InvtCancelReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB624Message');
export const buildCeb626: (returns: readonly Ceb626InvtRefundReturn[], opts?: ReceiptBuildOptions) => string = rec('CEB626Message');

type Iss<T extends CebIssuedType> = (entities: readonly CebIssuedEntityMap[T][], opts?: ReceiptBuildOptions) => string;
const iss = <T extends CebIssuedType>(t: T): Iss<T> => (entities, opts) => buildIssued(t, entities, opts);

export const buildCeb816: (taxBills: readonly Ceb816Tax[], opts?: ReceiptBuildOptions) => string = iss('CEB816Message');
export const buildCeb818: (statuses: readonly Ceb818Tax[], opts?: ReceiptBuildOptions) => string = iss('CEB818Message');
export const buildCeb792: (results: readonly Ceb792SummaryResult[], opts?: ReceiptBuildOptions) => string = iss('CEB792Message');
