import type { SeedEnterprise } from './seed-enterprises.js';

/** The seeded rows as written to the tables (seed.ts): column orders and the enterprise row. */

/** One Shipment row in COPY column order (SHIPMENT_COLUMNS), and its optional line. */
export type Row = (string | number | null)[];

export const ENTERPRISE_COLUMNS = ['id', 'name', 'customsCode', 'roles', 'status', 'approvedAt', 'approvedBy', 'createdAt', 'updatedAt'];
export const SHIPMENT_COLUMNS = [
  'id', 'enterpriseId', 'orderNo', 'mode', 'corridor', 'status', 'stage', 'seq', 'requestHash', 'request', 'currency', 'goodsValue',
  'invtNo', 'entryId', 'cnyAmount', 'fxRate', 'lastInfo', 'partnerCountry', 'valueCny', 'createdAt', 'updatedAt', 'completedAt',
];
export const LINE_COLUMNS = ['shipmentId', 'lineNo', 'sku', 'hsCode', 'qty', 'amount', 'currency', 'createdAt'];

export const isoTs = (ms: number) => new Date(ms).toISOString();

export function enterpriseRow(e: SeedEnterprise): Row {
  const roles = e.modes['1210'] ? '{ECOMMERCE,PLATFORM}' : '{ECOMMERCE}';
  return [e.id, e.name, e.customsCode, roles, 'APPROVED', isoTs(e.createdAt), 'seed', isoTs(e.createdAt), isoTs(e.createdAt)];
}
