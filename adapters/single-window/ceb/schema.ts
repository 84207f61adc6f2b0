/**
 * Compiled message structures (root → entity → head/list → fields) that drive
 * build, parse and validate. Structures from ceb-messages.md §2.1 and §6.2 (202205).
 */
import * as F from './fields.js';
import type { CebReceiptType, CebRequestType } from './types.js';

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
}
export type EntitySpec =
  | ({ kind: 'leaf' } & LeafSpec)
  | { kind: 'headList'; tag: string; head: LeafSpec; list: ListSpec };

export interface MessageSpec {
  root: string;
  entity: EntitySpec;
  /** Entities per message: 1..maxEntities. */
  maxEntities: number;
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
): EntitySpec {
  return {
    kind: 'headList',
    tag,
    head: { tag: head[0], fields: compileTable(head[1]) },
    list: { tag: list[0], fields: compileTable(list[1]), min: list[2], max: list[3] },
  };
}

export const BASE_TRANSFER_SPEC: LeafSpec = leaf('BaseTransfer', F.BASE_TRANSFER);
export const BASE_SUBSCRIBE_SPEC: LeafSpec = leaf('BaseSubscribe', F.BASE_SUBSCRIBE);
export const MAX_BASE_SUBSCRIBE = 5;

/** Export requests: entity ×1..100, BaseTransfer, BaseSubscribe ×0..5, ds:Signature?, ExtendMessage?. */
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
  CEB900Message: { root: 'CEB900Message', maxEntities: 1, entity: leaf('MessageReturn', F.MESSAGE_RETURN_900) },
};

export function isRequestType(name: string): name is CebRequestType {
  return Object.prototype.hasOwnProperty.call(REQUEST_SPECS, name);
}
export function isReceiptType(name: string): name is CebReceiptType {
  return Object.prototype.hasOwnProperty.call(RECEIPT_SPECS, name);
}
