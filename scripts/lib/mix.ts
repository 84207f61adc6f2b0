import { readFileSync } from 'node:fs';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from './tools.js';

/**
 * Shipments of every mode and corridor, built from the examples/ files under fresh order
 * numbers: the chaos run, the topology test and benchmarks submit these. 1210 orders need bonded
 * stock (`bondedStockFor`) entered before they are submitted.
 */
type Mode<M extends ShipmentCreate['mode']> = Extract<ShipmentCreate, { mode: M }>;
export type Order1210 = Mode<'1210'>;

const example = <T>(file: string) => JSON.parse(readFileSync(`${repoRoot()}examples/${file}`, 'utf8')) as T;
const ex9610 = example<Mode<'9610'>>('shipment-9610.json');
const ex9710 = example<Mode<'9710'>>('shipment-9710.json');
const ex9810 = example<Mode<'9810'>>('shipment-9810.json');
export const example1210 = example<Order1210>('shipment-1210.json');

/** Each 9610 corridor with a destination its carrier serves. */
export const ROUTES_9610: Pick<Mode<'9610'>, 'corridor' | 'destination'>[] = [
  { corridor: 'CR_EXPRESS_CHENGDU', destination: { country: '304', port: 'DEU' } },
  { corridor: 'LAND_SEA_QINZHOU', destination: { country: '132', port: 'SGP' } },
  { corridor: 'POSTAL_INTERNATIONAL', destination: { country: '327', port: 'POL' } },
  { corridor: 'RAIL_WATER_YANGTZE', destination: { country: '116', port: 'JPN' } },
  { corridor: 'CHINA_LAOS_RAIL', destination: { country: '119', port: 'LAO' } },
];

/** The kinds the mix takes turns on: the five 9610 corridors, then 9710, 9810 and 1210. */
export const KINDS = [...ROUTES_9610.map((r) => `9610 ${r.corridor}`), '9710', '9810', '1210'] as const;

/** A valid resident ID of buyer `n` (the annual quota is per buyer). */
export function buyerId(n: number): string {
  const first17 = `51170219900307${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The example 1210 order for buyer `n`, with the amount paid that matches its goods, freight and tax. */
export function order1210(orderNo: string, n: number, change: Partial<Order1210> = {}): Order1210 {
  const id = buyerId(n);
  const body: Order1210 = {
    ...example1210,
    orderNo,
    buyer: { ...example1210.buyer, idNumber: id },
    // each buyer their own phone and address: shared contacts across buyers are a risk pattern
    consignee: { ...example1210.consignee, telephone: `1380000${String(n % 10_000).padStart(4, '0')}`, address: `四川省达州市通川区朝阳路 ${n} 号` },
    logistics: { ...example1210.logistics, waybillNo: `WB${orderNo}` },
    ...change,
    payment: { ...example1210.payment, transactionId: `PAY-${orderNo}`, payer: { ...example1210.payment.payer, idNumber: id }, ...change.payment },
  };
  const figures = importOrderFigures(body, '2026-11-26', 0);
  return change.payment?.amountPaid !== undefined ? body : { ...body, payment: { ...body.payment, amountPaid: Number(fenText(figures.acturalPaidFen)) } };
}

/** Shipment `i` (from 0) of a mix, under order number `${prefix}-${i}`. */
export function mixedShipment(prefix: string, i: number): ShipmentCreate {
  const orderNo = `${prefix}-${i}`;
  const waybillNo = `WB${orderNo.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 32);
  const kind = i % KINDS.length;
  if (kind < ROUTES_9610.length) return { ...ex9610, ...ROUTES_9610[kind]!, orderNo, logistics: { ...ex9610.logistics, waybillNo } };
  if (KINDS[kind] === '9710') return { ...ex9710, orderNo, logistics: { ...ex9710.logistics, waybillNo } };
  if (KINDS[kind] === '9810') return { ...ex9810, orderNo, logistics: { ...ex9810.logistics, waybillNo } };
  return order1210(orderNo, Math.floor(i / KINDS.length) + 1, { logistics: { ...example1210.logistics, waybillNo } });
}

/** Bonded stock lines that cover every 1210 order among the first `count` of a mix. */
export function bondedStockFor(count: number): { sku: string; name: string; qty: number }[] {
  const orders = Math.ceil(count / KINDS.length);
  return example1210.items.map((item) => ({ sku: item.sku, name: item.name, qty: item.qty * orders }));
}
