import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHistory } from '../support/histories.js';
import { enterBondedStock, order1210, readers } from '../support/imports.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let shipment: ReturnType<typeof readers>['shipment'];
let reaches: ReturnType<typeof readers>['reaches'];
let available: ReturnType<typeof readers>['available'];
let quotaOf: ReturnType<typeof readers>['quotaOf'];
beforeAll(async () => {
  // a return period of 300 business days (30 s here) at the platform and at the simulated customs (scripts/lib/simulators.ts): long enough to ask for the return in time
  p = await startPlatform({ timeScale: 864_000, env: { IMPORT_RETURN_DAYS: '300' } });
  ({ shipment, reaches, available, quotaOf } = readers(p));
  // bonded stock for every test: 60 tins of formula, 30 serums
  await enterBondedStock(p, 'ENTRY-RET', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 60 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 30 }]);
});
afterAll(async () => p?.stop());

const order = order1210;

describe('1210 returns', () => {
  it('takes a return within the period: CEB625, goods back in stock, the buyer quota restored', async () => {
    const res = await p.api.POST('/v1/shipments', { body: order('BI-RET-1', 2) });
    const id = res.data!.id;
    await eventually(async () => ((await shipment(id))?.timeline.some((e) => e.type === 'DELIVERED') ? true : undefined), 'delivery');
    const milk = await available('AU-MILK-900');
    expect(Number(await quotaOf(2))).toBe(1156);
    const ret = await p.api.POST('/v1/shipments/{id}/return', { params: { path: { id } }, body: { reason: '七天无理由退货' } });
    expect(ret.response.status).toBe(202);
    const done = await reaches(id, ['RETURNED', 'COMPLETED']);
    expect(done.status).toBe('RETURNED');
    // the quota comes back on the warehouse receipt of the goods, within 45 days of release (domain-rules.md §1.6 step 8)
    const types = done.timeline.map((e) => e.type);
    expect(types.indexOf('GOODS_BACK_IN_CENTRE')).toBeGreaterThan(types.indexOf('RETURN_REQUESTED'));
    expect(done.timeline.at(-1)?.info).toMatch(/within 45 days of release, buyer quota restored/);
    expect(await available('AU-MILK-900')).toBe(milk + 2);
    expect(Number(await quotaOf(2))).toBe(0);
    const again = await p.api.POST('/v1/shipments/{id}/return', { params: { path: { id } }, body: { reason: 'again' } });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('SHIPMENT_CLOSED');
    await captureHistory(p.temporal, id, '1210-returned');
  });

});
