/**
 * Compiled message structures (root → entity → head/list → fields) that drive
 * build, parse and validate. Structures from ceb-messages.md §2.1, §6.2 and §7.2 (202205).
 */
import * as F from './fields.js';
import * as I from './fields-import.js';
import type { CebIssuedType, CebReceiptType, CebRequestType } from './types.js';

export interface FieldSpec {
  name: string;
  required: boolean;
  kind: 'C' | 'N' | 'int';
  /** C: min/max length in characters (fixed length when equal); undefined max = unbounded. */
  minLength?: number;
  maxLength?: number;
  /** N: xs:totalDigits / xs:fractionDigits. */
  totalDigits?: number;
  fractionDigits?: number;
}

export interface LeafSpec {
  tag: string;
  fields: FieldSpec[];
}
export interface ListSpec extends LeafSpec {
  min: number;
  /** undefined = unbounded (maxOccurs="unbounded"). */
  max: number | undefined;
  /**
   * Lines numbered gnum 1..n in order (practice rule checked by validate). False where gnum
   * refers to another document's lines: CEB625 (original inventory line), CEB792 (inventory lines).
   */
  consecutiveGnum: boolean;
}
export type EntitySpec =
  | ({ kind: 'leaf' } & LeafSpec)
  /** An entity wrapping exactly one head element (CEB411 Payment/PaymentHead, CEB511, CEB818). */
  | { kind: 'head'; tag: string; head: LeafSpec }
  | { kind: 'headList'; tag: string; head: LeafSpec; list: ListSpec };

export interface MessageSpec {
  root: string;
  entity: EntitySpec;
  /** Entities per message: 1..maxEntities (undefined = unbounded: CEB816/818 Tax). */
  maxEntities: number | undefined;
  /**
   * ds:Signature in the XSD: 'M' for CEB621/623/625 (and CEB711, not built here), else optional.
   * Builders never write it (signing appends it, so they validate with `signatureFollows`);
   * validateRequest demands it of a message as sent (ceb-messages.md §4).
   */
  signature?: 'M' | 'O';
}

const TYPE_RE = /^(?:C(\d+)|C\.\.(\d+)|C(\d+)\.\.(\d+)|N(\d+),(\d+)|(int)|(string))$/;

export function compileField(name: string, def: string): FieldSpec {
  const [req, type = ''] = def.split(' ');
  const m = TYPE_RE.exec(type);
  if (!m || (req !== 'M' && req !== 'O')) throw new Error(`bad field definition ${name}: ${def}`);
  const required = req === 'M';
  if (m[1]) return { name, required, kind: 'C', minLength: +m[1], maxLength: +m[1] };
  if (m[2]) return { name, required, kind: 'C', minLength: 0, maxLength: +m[2] };
  if (m[3] && m[4]) return { name, required, kind: 'C', minLength: +m[3], maxLength: +m[4] };
  if (m[5] && m[6]) return { name, required, kind: 'N', totalDigits: +m[5], fractionDigits: +m[6] };
  if (m[7]) return { name, required, kind: 'int' };
  return { name, required, kind: 'C', minLength: 0 };
}

export function compileTable(table: Record<string, string>): FieldSpec[] {
  return Object.entries(table).map(([name, def]) => compileField(name, def));
}

const leaf = (tag: string, table: Record<string, string>): { kind: 'leaf' } & LeafSpec => ({
  kind: 'leaf',
  tag,
  fields: compileTable(table),
});

function headList(
  tag: string,
  head: [string, Record<string, string>],
  list: [string, Record<string, string>, number, number | undefined],
  consecutiveGnum = true,
): EntitySpec {
  return {
    kind: 'headList',
    tag,
    head: { tag: head[0], fields: compileTable(head[1]) },
    list: { tag: list[0], fields: compileTable(list[1]), min: list[2], max: list[3], consecutiveGnum },
  };
}

const headOnly = (tag: string, head: [string, Record<string, string>]): EntitySpec =>
  ({ kind: 'head', tag, head: { tag: head[0], fields: compileTable(head[1]) } });

export const BASE_TRANSFER_SPEC: LeafSpec = leaf('BaseTransfer', F.BASE_TRANSFER);
export const BASE_SUBSCRIBE_SPEC: LeafSpec = leaf('BaseSubscribe', F.BASE_SUBSCRIBE);
export const MAX_BASE_SUBSCRIBE = 5;

/**
 * Requests: entity ×1..100, BaseTransfer, BaseSubscribe ×0..5, then ds:Signature?/ExtendMessage?
 * (export) or ExtendMessage?/ds:Signature (import: mandatory signature in 621/623/625, see `signature`).
 */
export const REQUEST_SPECS: Record<CebRequestType, MessageSpec> = {
  CEB303Message: {
    root: 'CEB303Message',
    maxEntities: 100,
    entity: headList('Order', ['OrderHead', F.ORDER_HEAD_303], ['OrderList', F.ORDER_LIST_303, 1, 100]),
  },
  CEB403Message: { root: 'CEB403Message', maxEntities: 100, entity: leaf('Receipts', F.RECEIPTS_403) },
  CEB505Message: { root: 'CEB505Message', maxEntities: 100, entity: leaf('Logistics', F.LOGISTICS_505) },
  CEB507Message: {
    root: 'CEB507Message',
    maxEntities: 100,
    // ArrivalList: minOccurs 0, unbounded ("物流运抵单表体（允许为空）").
    entity: headList('Arrival', ['ArrivalHead', F.ARRIVAL_HEAD_507], ['ArrivalList', F.ARRIVAL_LIST_507, 0, undefined]),
  },
  CEB509Message: {
    root: 'CEB509Message',
    maxEntities: 100,
    entity: headList(
      'Departure',
      ['DepartureHead', F.DEPARTURE_HEAD_509],
      ['DepartureList', F.DEPARTURE_LIST_509, 1, undefined],
    ),
  },
  CEB603Message: {
    root: 'CEB603Message',
    maxEntities: 100,
    entity: headList(
      'Inventory',
      ['InventoryHead', F.INVENTORY_HEAD_603],
      ['InventoryList', F.INVENTORY_LIST_603, 1, 100],
    ),
  },
  CEB605Message: { root: 'CEB605Message', maxEntities: 100, entity: leaf('InvtCancel', F.INVT_CANCEL_605) },
  CEB701Message: {
    root: 'CEB701Message',
    maxEntities: 100,
    // SummaryApplyList: optional, unbounded since 202205 (2018: M ×100).
    entity: headList(
      'SummaryApply',
      ['SummaryApplyHead', F.SUMMARY_APPLY_HEAD_701],
      ['SummaryApplyList', F.SUMMARY_APPLY_LIST_701, 0, undefined],
    ),
  },
  // Import requests (§7.2): entity ×1..100, BaseTransfer, BaseSubscribe ×0..5, ExtendMessage?, ds:Signature.
  CEB311Message: {
    root: 'CEB311Message',
    maxEntities: 100,
    entity: headList('Order', ['OrderHead', I.ORDER_HEAD_311], ['OrderList', I.ORDER_LIST_311, 1, 99]),
  },
  CEB411Message: { root: 'CEB411Message', maxEntities: 100, entity: headOnly('Payment', ['PaymentHead', I.PAYMENT_HEAD_411]) },
  CEB511Message: { root: 'CEB511Message', maxEntities: 100, entity: headOnly('Logistics', ['LogisticsHead', I.LOGISTICS_HEAD_511]) },
  CEB513Message: { root: 'CEB513Message', maxEntities: 100, entity: leaf('LogisticsStatus', I.LOGISTICS_STATUS_513) },
  CEB621Message: {
    root: 'CEB621Message',
    maxEntities: 100,
    signature: 'M',
    entity: headList('Inventory', ['InventoryHead', I.INVENTORY_HEAD_621], ['InventoryList', I.INVENTORY_LIST_621, 1, 99]),
  },
  CEB623Message: { root: 'CEB623Message', maxEntities: 100, signature: 'M', entity: leaf('InvtCancel', I.INVT_CANCEL_623) },
  CEB625Message: {
    root: 'CEB625Message',
    maxEntities: 100,
    signature: 'M',
    entity: headList(
      'InvtRefund',
      ['InvtRefundHead', I.INVT_REFUND_HEAD_625],
      ['InvtRefundList', I.INVT_REFUND_LIST_625, 1, 99],
      false, // gnum = the original inventory line being returned
    ),
  },
};

/** Receipts: `…Return` ×1..100 only (CEB900: exactly one MessageReturn). */
export const RECEIPT_SPECS: Record<CebReceiptType, MessageSpec & { entity: { kind: 'leaf' } & LeafSpec }> = {
  CEB304Message: { root: 'CEB304Message', maxEntities: 100, entity: leaf('OrderReturn', F.ORDER_RETURN_304) },
  CEB404Message: { root: 'CEB404Message', maxEntities: 100, entity: leaf('ReceiptsReturn', F.RECEIPTS_RETURN_404) },
  CEB506Message: { root: 'CEB506Message', maxEntities: 100, entity: leaf('LogisticsReturn', F.LOGISTICS_RETURN_506) },
  CEB508Message: { root: 'CEB508Message', maxEntities: 100, entity: leaf('ArrivalReturn', F.ARRIVAL_RETURN_508) },
  CEB510Message: { root: 'CEB510Message', maxEntities: 100, entity: leaf('DepartureReturn', F.DEPARTURE_RETURN_510) },
  CEB604Message: { root: 'CEB604Message', maxEntities: 100, entity: leaf('InventoryReturn', F.INVENTORY_RETURN_604) },
  CEB606Message: { root: 'CEB606Message', maxEntities: 100, entity: leaf('InvtCancelReturn', F.INVT_CANCEL_RETURN_606) },
  CEB702Message: { root: 'CEB702Message', maxEntities: 100, entity: leaf('SummaryReturn', F.SUMMARY_RETURN_702) },
  CEB312Message: { root: 'CEB312Message', maxEntities: 100, entity: leaf('OrderReturn', I.ORDER_RETURN_312) },
  CEB412Message: { root: 'CEB412Message', maxEntities: 100, entity: leaf('PaymentReturn', I.PAYMENT_RETURN_412) },
  CEB512Message: { root: 'CEB512Message', maxEntities: 100, entity: leaf('LogisticsReturn', I.LOGISTICS_RETURN_512) },
  CEB514Message: { root: 'CEB514Message', maxEntities: 100, entity: leaf('LogisticsStatusReturn', I.LOGISTICS_STATUS_RETURN_514) },
  CEB622Message: { root: 'CEB622Message', maxEntities: 100, entity: leaf('InventoryReturn', I.INVENTORY_RETURN_622) },
  CEB624Message: { root: 'CEB624Message', maxEntities: 100, entity: leaf('InvtCancelReturn', I.INVT_CANCEL_RETURN_624) },
  CEB626Message: { root: 'CEB626Message', maxEntities: 100, entity: leaf('InvtRefundReturn', I.INVT_REFUND_RETURN_626) },
  CEB900Message: { root: 'CEB900Message', maxEntities: 1, entity: leaf('MessageReturn', F.MESSAGE_RETURN_900) },
};

/** Customs-issued messages other than receipts: entities only under the root (§2.1). */
export const ISSUED_SPECS: Record<CebIssuedType, MessageSpec> = {
  CEB816Message: {
    root: 'CEB816Message',
    maxEntities: undefined, // Tax M ×∞
    entity: headList('Tax', ['TaxHeadRd', I.TAX_HEAD_RD_816], ['TaxListRd', I.TAX_LIST_RD_816, 1, 99]),
  },
  CEB818Message: { root: 'CEB818Message', maxEntities: undefined, entity: headOnly('Tax', ['TaxHeadStatus', I.TAX_HEAD_STATUS_818]) },
  CEB792Message: {
    root: 'CEB792Message',
    maxEntities: 100,
    entity: headList(
      'SummaryResult',
      ['SummaryResultHead', F.SUMMARY_RESULT_HEAD_792],
      ['SummaryResultList', F.SUMMARY_RESULT_LIST_792, 0, undefined], // "允许可空"
      false, // rows are inventory lines: gnum is the inventory's, gseqno numbers the rows
    ),
  },
};

export function isRequestType(name: string): name is CebRequestType {
  return Object.prototype.hasOwnProperty.call(REQUEST_SPECS, name);
}
export function isReceiptType(name: string): name is CebReceiptType {
  return Object.prototype.hasOwnProperty.call(RECEIPT_SPECS, name);
}
export function isIssuedType(name: string): name is CebIssuedType {
  return Object.prototype.hasOwnProperty.call(ISSUED_SPECS, name);
}
