/**
 * Validation of requests (export, summary, import), receipts and customs-issued messages against
 * the 202205 XSD facets in the field tables, plus a few practice rules that are marked as such. Lengths count characters
 * (Unicode code points), as XSD length facets do. Element order cannot be checked here
 * (the parsed form has none); the builder always writes XSD order.
 */
import { decimalDigits, formatDecimal } from './decimal.js';
import { parseCebTime } from './ids.js';
import { BASE_SUBSCRIBE_SPEC, BASE_TRANSFER_SPEC, ISSUED_SPECS, MAX_BASE_SUBSCRIBE, RECEIPT_SPECS, REQUEST_SPECS } from './schema.js';
import type { FieldSpec, LeafSpec, MessageSpec } from './schema.js';
import type { CebProblem, CebProblemCode } from './types.js';

export class CebValidationError extends Error {
  readonly code = 'CEB.INVALID';
  constructor(readonly problems: CebProblem[]) {
    super(`invalid CEB message: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'CebValidationError';
  }
}

/** XSD enumerations (annotation texts) of request fields, by field name. */
const ENUMS: Record<string, readonly string[]> = {
  appType: ['1', '2', '3'],
  appStatus: ['1', '2'],
  ieFlag: ['I', 'E'],
  statisticsFlag: ['A', 'B'],
  fFlag: ['1', '2', '3'],
  iFlag: ['1', '2', '3'],
};
/** Import messages: currency "限定为人民币，填写142"; buyer/payer ID type 1 ID card / 2 other (spec: limited to 1). */
const IMPORT = { currency: ['142'], buyerIdType: ['1', '2'] } as const;
/**
 * Enumerations of one message type. orderType I is import-only (CEB311); export CEB303 takes
 * E/B/W (202205). CEB623 allows only appType 1 (新增).
 */
const MESSAGE_ENUMS: Record<string, Record<string, readonly string[]>> = {
  CEB303Message: { orderType: ['E', 'B', 'W'] },
  CEB701Message: { summaryFlag: ['1', '2'], itemNameFlag: ['1', ''] },
  CEB311Message: { ...IMPORT, orderType: ['I'] },
  CEB411Message: { currency: ['142'], payerIdType: ['1', '2'] },
  CEB511Message: { currency: ['142'] },
  CEB513Message: { logisticsStatus: ['S'] },
  CEB621Message: IMPORT,
  CEB623Message: { ...IMPORT, appType: ['1'] },
  CEB625Message: IMPORT,
  CEB816Message: { status: ['1', '2', '3'] },
  CEB818Message: { status: ['1', '2', '3'] },
};
/**
 * Mandatory elements that may be empty: CEB701 itemNameFlag (XSD M C1, annotation "为空按…汇总";
 * whether customs accepts the empty element is uncertain).
 */
const EMPTY_ALLOWED: Record<string, readonly string[]> = {
  CEB701Message: ['itemNameFlag'],
};
/** Date/time layouts of C8/C14/C17 fields (spec annotations; checked as real calendar dates). */
const TIME_FIELDS: Record<string, 8 | 14 | 17> = {
  appTime: 14, accountingDate: 14, leaveTime: 14, ieDate: 8, returnTime: 17, payTime: 14, logisticsTime: 14,
  declTime: 8, startTime: 14, endTime: 14, opDate: 17,
};

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

interface Ctx {
  problems: CebProblem[];
  enums: Record<string, readonly string[]>;
  emptyAllowed?: readonly string[];
}

function context(messageType: string, enums: boolean): Ctx {
  return {
    problems: [],
    enums: enums ? { ...ENUMS, ...MESSAGE_ENUMS[messageType] } : {},
    emptyAllowed: EMPTY_ALLOWED[messageType] ?? [],
  };
}

function add(ctx: Ctx, path: string, code: CebProblemCode, message: string): void {
  ctx.problems.push({ path, code, message });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(ctx: Ctx, f: FieldSpec, raw: unknown, path: string): void {
  if (f.kind === 'int') {
    const n = typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < INT_MIN || n > INT_MAX) {
      add(ctx, path, 'int', `must be an xs:int, got ${JSON.stringify(raw)}`);
    }
    return;
  }
  const v = f.kind === 'N' && typeof raw === 'number' && Number.isFinite(raw) ? formatDecimal(raw) : raw;
  if (typeof v !== 'string') return add(ctx, path, 'type', `must be text, got ${typeof raw}`);
  if (v === '' && ctx.emptyAllowed?.includes(f.name)) return;
  if (f.required && v === '') return add(ctx, path, 'required', 'mandatory element is empty');
  if (f.kind === 'N') {
    const d = decimalDigits(v);
    if (!d) return add(ctx, path, 'decimal', `not a decimal number: ${JSON.stringify(v)}`);
    if (d.totalDigits > (f.totalDigits ?? 19) || d.fractionDigits > (f.fractionDigits ?? 5)) {
      add(ctx, path, 'decimal', `exceeds N${f.totalDigits},${f.fractionDigits}: ${v}`);
    }
    return;
  }
  const len = [...v].length;
  const { minLength = 0, maxLength } = f;
  if (minLength === maxLength && len !== minLength) {
    add(ctx, path, 'length', `must be exactly ${minLength} characters, got ${len}`);
  } else if (maxLength !== undefined && len > maxLength) {
    add(ctx, path, 'length', `at most ${maxLength} characters, got ${len}`);
  } else if (len < minLength) {
    add(ctx, path, 'length', `at least ${minLength} characters, got ${len}`);
  }
  const allowed = ctx.enums[f.name];
  if (allowed && !allowed.includes(v)) add(ctx, path, 'enum', `must be one of ${allowed.join('/')}, got ${JSON.stringify(v)}`);
  const layout = TIME_FIELDS[f.name];
  if (layout && len === layout && !parseCebTime(v)) {
    add(ctx, path, 'format', `not a valid ${layout === 8 ? 'YYYYMMDD' : layout === 14 ? 'YYYYMMDDhhmmss' : 'yyyyMMddHHmmssSSS'} time: ${v}`);
  }
}

function checkLeaf(ctx: Ctx, spec: LeafSpec, obj: unknown, path: string): void {
  if (!isObject(obj) || Object.keys(obj).length === 0) {
    return add(ctx, path, 'required', `${spec.tag} is missing or empty`);
  }
  for (const f of spec.fields) {
    const v = obj[f.name];
    if (v === undefined || v === null) {
      if (f.required) add(ctx, `${path}.${f.name}`, 'required', `mandatory element ${f.name} is missing`);
    } else {
      checkValue(ctx, f, v, `${path}.${f.name}`);
    }
  }
}

function count(ctx: Ctx, path: string, n: number, min: number, max: number | undefined): void {
  if (n < min || (max !== undefined && n > max)) {
    add(ctx, path, 'count', `expected ${min}..${max ?? '∞'} occurrences, got ${n}`);
  }
}

/**
 * Practice rules on line items (not XSD): gnum 1..n consecutive (where the list numbers its own
 * lines, see ListSpec.consecutiveGnum); totalPrice = qty × price.
 */
function checkLines(ctx: Ctx, lines: unknown[], path: string, consecutiveGnum: boolean): void {
  lines.forEach((line, j) => {
    if (!isObject(line)) return;
    const gnum = typeof line.gnum === 'string' ? Number(line.gnum) : line.gnum;
    if (consecutiveGnum && typeof gnum === 'number' && Number.isInteger(gnum) && gnum !== j + 1) {
      add(ctx, `${path}[${j}].gnum`, 'gnum', `gnum must be consecutive from 1: expected ${j + 1}, got ${gnum}`);
    }
    // totalPrice = qty × price, compared at 5 decimals with tolerance 0.01 — practice, not an
    // XSD rule (the XSD only says 总价 = 数量 × 单价 in the annotation); customs rounds to cents.
    const { qty, price, totalPrice } = line;
    if (typeof qty === 'string' && typeof price === 'string' && typeof totalPrice === 'string' &&
      decimalDigits(qty) && decimalDigits(price) && decimalDigits(totalPrice)) {
      const expected = Number(formatDecimal(Number(qty) * Number(price), 5));
      if (Math.abs(expected - Number(totalPrice)) > 0.01 + 1e-9) {
        add(ctx, `${path}[${j}].totalPrice`, 'totalPrice', `totalPrice ${totalPrice} ≠ qty ${qty} × price ${price} = ${formatDecimal(expected)}`);
      }
    }
  });
}

/**
 * Mode-conditional mandatory fields (XSD `O`, required by the annotation for one trade mode):
 * a bonded import inventory (CEB621 tradeMode 1210) needs the account book `emsNo`, the warehouse
 * enterprise `areaCode`/`areaName` and each line's `itemRecordNo` (ceb-messages.md §7.2: "For
 * 1210: emsNo, areaCode/areaName, itemRecordNo required").
 */
const BONDED_IMPORT = { head: ['emsNo', 'areaCode', 'areaName'], line: ['itemRecordNo'] } as const;

function checkModeFields(ctx: Ctx, messageType: string, entity: Record<string, unknown>, path: string): void {
  if (messageType !== 'CEB621Message') return;
  const head = isObject(entity.InventoryHead) ? entity.InventoryHead : {};
  if (head.tradeMode !== '1210') return;
  const missing = (v: unknown) => v === undefined || v === null || v === '';
  for (const f of BONDED_IMPORT.head) {
    if (missing(head[f])) add(ctx, `${path}.InventoryHead.${f}`, 'required', `${f} is mandatory for a bonded import (tradeMode 1210)`);
  }
  const lines = Array.isArray(entity.InventoryList) ? (entity.InventoryList as unknown[]) : [];
  lines.forEach((line, j) => {
    const l = isObject(line) ? line : {};
    for (const f of BONDED_IMPORT.line) {
      if (missing(l[f])) add(ctx, `${path}.InventoryList[${j}].${f}`, 'required', `${f} is mandatory for a bonded import (tradeMode 1210)`);
    }
  });
}

function checkEntities(ctx: Ctx, spec: MessageSpec, entities: unknown): void {
  const list = Array.isArray(entities) ? entities : [];
  count(ctx, spec.entity.tag, list.length, 1, spec.maxEntities);
  list.forEach((entity, i) => {
    const path = `${spec.entity.tag}[${i}]`;
    if (spec.entity.kind === 'leaf') return checkLeaf(ctx, spec.entity, entity, path);
    const e = isObject(entity) ? entity : {};
    const { head } = spec.entity;
    checkLeaf(ctx, head, e[head.tag], `${path}.${head.tag}`);
    if (spec.entity.kind === 'head') return;
    const lineSpec = spec.entity.list;
    const lines = Array.isArray(e[lineSpec.tag]) ? (e[lineSpec.tag] as unknown[]) : [];
    count(ctx, `${path}.${lineSpec.tag}`, lines.length, lineSpec.min, lineSpec.max);
    lines.forEach((line, j) => checkLeaf(ctx, lineSpec, line, `${path}.${lineSpec.tag}[${j}]`));
    checkLines(ctx, lines, `${path}.${lineSpec.tag}`, lineSpec.consecutiveGnum);
    checkModeFields(ctx, spec.root, e, path);
  });
}

function checkRoot(ctx: Ctx, parsed: { guid?: unknown; version?: unknown; unexpected?: unknown }): void {
  checkValue(ctx, { name: 'guid', required: true, kind: 'C', minLength: 36, maxLength: 36 }, parsed.guid ?? '', '@guid');
  if (parsed.version !== undefined && parsed.version !== '') {
    checkValue(ctx, { name: 'version', required: false, kind: 'C', minLength: 0, maxLength: 10 }, parsed.version, '@version');
  }
  if (Array.isArray(parsed.unexpected)) {
    for (const p of parsed.unexpected) add(ctx, String(p), 'unexpected', 'element not allowed here by the XSD');
  }
}

export interface RequestLike {
  messageType?: unknown;
  guid?: unknown;
  version?: unknown;
  entities?: unknown;
  baseTransfer?: unknown;
  baseSubscribe?: unknown;
  unexpected?: unknown;
  /** A ds:Signature element is present under the root (parseRequest sets it). */
  hasSignature?: unknown;
}

export interface RequestValidationOptions {
  /**
   * The caller appends the ds:Signature after validating (the builders: signing is the last step,
   * activities/customs.activities.ts), so its absence is not a problem yet. Everyone else (the
   * simulator, `cbec ceb validate`) checks the message as it travels.
   */
  signatureFollows?: boolean;
}

/**
 * Problems of a request (as returned by parseRequest or given to a builder); [] = valid. The
 * import XSD makes ds:Signature mandatory in CEB621/623/625 (MessageSpec.signature, ceb-messages.md
 * §4 "When a signature is required"): without it the message is schema-invalid.
 */
export function validateRequest(messageType: string, parsed: RequestLike, opts: RequestValidationOptions = {}): CebProblem[] {
  const ctx = context(messageType, true);
  const spec = Object.hasOwn(REQUEST_SPECS, messageType) ? REQUEST_SPECS[messageType as keyof typeof REQUEST_SPECS] : undefined;
  if (!spec) return [{ path: '', code: 'type', message: `unsupported request type ${messageType}` }];
  if (parsed.messageType !== undefined && parsed.messageType !== messageType) {
    add(ctx, '', 'type', `message is ${String(parsed.messageType)}, expected ${messageType}`);
  }
  checkRoot(ctx, parsed);
  checkEntities(ctx, spec, parsed.entities);
  checkLeaf(ctx, BASE_TRANSFER_SPEC, parsed.baseTransfer, 'BaseTransfer');
  const subs = Array.isArray(parsed.baseSubscribe) ? parsed.baseSubscribe : [];
  count(ctx, 'BaseSubscribe', subs.length, 0, MAX_BASE_SUBSCRIBE);
  subs.forEach((s, k) => checkLeaf(ctx, BASE_SUBSCRIBE_SPEC, s, `BaseSubscribe[${k}]`));
  if (spec.signature === 'M' && parsed.hasSignature !== true && !opts.signatureFollows) {
    add(ctx, 'ds:Signature', 'required', `ds:Signature is mandatory in ${messageType} (import XSD; ceb-messages.md §4)`);
  }
  return ctx.problems;
}

/** Problems of a receipt (lengths, mandatory fields, returnTime layout); no enumerations. */
export function validateReceipt(messageType: string, parsed: { guid?: unknown; version?: unknown; entities?: unknown }): CebProblem[] {
  const spec = Object.hasOwn(RECEIPT_SPECS, messageType) ? RECEIPT_SPECS[messageType as keyof typeof RECEIPT_SPECS] : undefined;
  if (!spec) return [{ path: '', code: 'type', message: `unsupported receipt type ${messageType}` }];
  const ctx = context(messageType, false);
  checkRoot(ctx, parsed);
  checkEntities(ctx, spec, parsed.entities);
  return ctx.problems;
}

/** Problems of a customs-issued message (CEB816/818/792): facets, tax-bill status 1/2/3, time layouts. */
export function validateIssued(
  messageType: string,
  parsed: { messageType?: unknown; guid?: unknown; version?: unknown; entities?: unknown; unexpected?: unknown },
): CebProblem[] {
  const spec = Object.hasOwn(ISSUED_SPECS, messageType) ? ISSUED_SPECS[messageType as keyof typeof ISSUED_SPECS] : undefined;
  if (!spec) return [{ path: '', code: 'type', message: `unsupported customs-issued message type ${messageType}` }];
  const ctx = context(messageType, true);
  if (parsed.messageType !== undefined && parsed.messageType !== messageType) {
    add(ctx, '', 'type', `message is ${String(parsed.messageType)}, expected ${messageType}`);
  }
  checkRoot(ctx, parsed);
  checkEntities(ctx, spec, parsed.entities);
  return ctx.problems;
}
