import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { hashBuyerId, usedQuota } from '../../db/quota.js';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { eventually, type Platform } from './platform.js';

/** 1210 test orders: examples/shipment-1210.json for a buyer of the test's own, bonded stock, shipment reads. */
export type Order1210 = Extract<ShipmentCreate, { mode: '1210' }>;
export const example1210 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Order1210;
export const WAREHOUSE = example1210.warehouse.code;

/** A valid resident ID of buyer `n` (the annual quota is per buyer). */
export function buyerId(n: number): string {
  const first17 = `51170219900307${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The example order for buyer `n`, with the amount paid that matches its goods, freight and tax. */
export function order1210(orderNo: string, n: number, change: Partial<Order1210> = {}): Order1210 {
  const id = buyerId(n);
  const body: Order1210 = {
    ...example1210,
    orderNo,
    buyer: { ...example1210.buyer, idNumber: id },
    // each buyer their own phone and address: shared contacts across buyers are a risk pattern
    consignee: { ...example1210.consignee, telephone: `1380000${String(n).padStart(4, '0')}`, address: `四川省达州市通川区朝阳路 ${n} 号` },
    logistics: { ...example1210.logistics, waybillNo: `WB${orderNo}` },
    ...change,
    payment: { ...example1210.payment, transactionId: `PAY-${orderNo}`, payer: { ...example1210.payment.payer, idNumber: id }, ...change.payment },
  };
  const figures = importOrderFigures(body, '2026-11-26', 0);
  return change.payment?.amountPaid !== undefined ? body : { ...body, payment: { ...body.payment, amountPaid: Number(fenText(figures.acturalPaidFen)) } };
}

/** Enters bonded stock through the API and waits until the warehouse counted it in. */
export async function enterBondedStock(p: Platform, entryNo: string, lines: { sku: string; name: string; qty: number }[]): Promise<void> {
  const entry = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: WAREHOUSE, entryNo, lines } });
  expect(entry.response.status).toBe(202);
  await eventually(async () => {
    const { data } = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data!.id } } });
    return data?.status === 'RECEIVED' ? data : undefined;
  }, 'bonded stock entry to be received');
}

/** Reads shipments, stock and quota of one platform. */
export function readers(p: Platform) {
  const shipment = async (id: string) => (await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data;
  return {
    shipment,
    reaches: (id: string, statuses: string[]) =>
      eventually(async () => {
        const s = await shipment(id);
        return s && statuses.includes(s.status) ? s : undefined;
      }, `${id} to reach ${statuses.join('/')}`, 90_000),
    async available(sku: string): Promise<number> {
      const { data } = await p.api.GET('/v1/stock', { params: { query: { system: 'bonded-warehouse', warehouseCode: WAREHOUSE } } });
      return Number(data?.items.find((i) => i.sku === sku)?.available ?? 0);
    },
    quotaOf: (n: number) => usedQuota(p.db, hashBuyerId(buyerId(n), { key: p.config.BUYER_ID_HASH_KEY.reveal() }), 2026),
  };
}
