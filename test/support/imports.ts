import { expect } from 'vitest';
import { hashBuyerId, usedQuota } from '../../db/quota.js';
import { buyerId, example1210 } from '../../scripts/lib/mix.js';
import { eventually, type Platform } from './platform.js';

/** 1210 test orders: the mix's builders (scripts/lib/mix.ts), bonded stock, shipment reads. */
export { buyerId, example1210, order1210, type Order1210 } from '../../scripts/lib/mix.js';
export const WAREHOUSE = example1210.warehouse.code;

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
