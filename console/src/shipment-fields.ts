import { Corridor, Currency, type ShipmentCreate } from '../../domain/shipment.schema.js';

/**
 * The fields of a new shipment in each customs mode, as the create form lays them out and as the
 * CSV upload names its columns (docs/console.md "Bulk create from a CSV"). A field's path is its
 * place in the API's body (`platform.code`); item fields are paths inside one line of `items`.
 * The API's own zod schema (domain/shipment.schema.ts) checks the values; this only says how to
 * ask for them.
 */
export const MODES = ['9610', '9710', '9810', '1210'] as const satisfies readonly ShipmentCreate['mode'][];
export type Mode = (typeof MODES)[number];

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | { options: readonly (string | number)[] };

export interface FieldSpec {
  path: string;
  kind: FieldKind;
  /** Optional in the schema: left out when empty. */
  optional?: boolean;
}

const text = (path: string, optional = false): FieldSpec => ({ path, kind: 'text', optional });
const number = (path: string, optional = false): FieldSpec => ({ path, kind: 'number', optional });
const integer = (path: string, optional = false): FieldSpec => ({ path, kind: 'integer', optional });

/** Every export shipment (9610, 9710, 9810). */
const EXPORT_HEADER: FieldSpec[] = [
  text('orderNo'),
  { path: 'corridor', kind: { options: Corridor.options } },
  { path: 'currency', kind: { options: Currency.options } },
  text('platform.code'),
  text('platform.name'),
  text('logistics.code'),
  text('logistics.name'),
  text('logistics.waybillNo'),
  text('destination.country'),
  text('destination.port'),
  number('freight'),
  number('insuredFee'),
  number('grossWeightKg'),
  number('netWeightKg'),
  integer('packages'),
];

/** 9710 and 9810: the consignment's customs value and whether it claims the export VAT refund. */
const B2B_VALUE: FieldSpec[] = [number('declaredValueCny'), { path: 'refundClaim', kind: 'boolean', optional: true }];

const EXPORT_ITEM: FieldSpec[] = [
  text('sku'),
  text('name'),
  text('hsCode'),
  text('model'),
  text('unit'),
  text('legalUnit'),
  number('legalQty'),
  number('qty'),
  number('unitPrice'),
  text('batchNo', true),
];

const IMPORT_HEADER: FieldSpec[] = [
  text('orderNo'),
  text('platform.code'),
  text('platform.name'),
  text('warehouse.code'),
  text('warehouse.emsNo'),
  text('warehouse.areaCode'),
  text('warehouse.areaName'),
  text('buyer.name'),
  text('buyer.idNumber'),
  text('buyer.telephone'),
  text('buyer.registerNo'),
  text('consignee.name'),
  text('consignee.telephone'),
  text('consignee.address'),
  text('consignee.district', true),
  text('payment.payCode'),
  text('payment.payName'),
  text('payment.transactionId'),
  text('payment.payer.name'),
  text('payment.payer.idNumber'),
  number('payment.amountPaid'),
  text('payment.paidAt'),
  text('logistics.code'),
  text('logistics.name'),
  text('logistics.waybillNo'),
  number('freight'),
  number('insuredFee', true),
  number('discount', true),
  number('grossWeightKg'),
  number('netWeightKg'),
];

const IMPORT_ITEM: FieldSpec[] = [
  text('sku'),
  text('itemRecordNo'),
  text('name'),
  text('hsCode'),
  text('model'),
  text('country'),
  text('unit'),
  text('legalUnit'),
  number('legalQty'),
  integer('qty'),
  number('unitPrice'),
  { path: 'vatRateBp', kind: { options: [1300, 900] } },
  integer('consumptionTaxRateBp', true),
  integer('tariffRateBp', true),
  text('batchNo', true),
];

export interface ModeFields {
  header: FieldSpec[];
  item: FieldSpec[];
}

export const MODE_FIELDS: Record<Mode, ModeFields> = {
  '9610': { header: EXPORT_HEADER, item: EXPORT_ITEM },
  '9710': { header: [...EXPORT_HEADER, text('buyer.name'), text('buyer.country'), ...B2B_VALUE], item: EXPORT_ITEM },
  '9810': { header: [...EXPORT_HEADER, text('warehouse.code'), text('warehouse.name'), ...B2B_VALUE], item: EXPORT_ITEM },
  '1210': { header: IMPORT_HEADER, item: IMPORT_ITEM },
};

export function isMode(value: unknown): value is Mode {
  return (MODES as readonly unknown[]).includes(value);
}

/** Sets `value` at a dotted path in `target`, making the objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** A copy without empty values (undefined, null, blank text): optional fields left empty are left out. */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, withoutEmpty(v)] as const)
        .filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
  }
  return value;
}

/** Where an API field error points inside the body: `body.items.0.sku` → ['items', 0, 'sku']. */
export function bodyPath(apiPath: string): (string | number)[] {
  return apiPath
    .split('.')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
