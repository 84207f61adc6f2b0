import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/tools.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { effectsFor } from '../support/ledger.js';
import { captureHistory } from '../support/histories.js';
import { loadRefundRates } from '../../db/refund-rates.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;

describe('9710 B2B direct export', () => {
  it('runs the same API and workflow with its own stages: FX first, then the VAT refund application', async () => {
    const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'B2B-OK-1', logistics: { ...example.logistics, waybillNo: 'WBB2BOK1' } } });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
    }, '9710 shipment to finish');
    expect(done.status).toBe('COMPLETED');
    const types = done.timeline.map((e) => e.type);
    expect(types).not.toContain('TAX_RECORDED'); // the 9610 no-invoice exemption does not apply
    expect(types.indexOf('REFUND_APPLIED')).toBeGreaterThan(types.indexOf('FX_SETTLED'));
    // the bureau only offers polling: the workflow polled until the refund was paid
    expect(types.indexOf('REFUND_PAID')).toBeGreaterThan(types.indexOf('REFUND_APPLIED'));
    // lithium-ion batteries (8507600010) exported after 2024-12-01: 9 % of the declared CNY 4,800
    expect(done.timeline.find((e) => e.type === 'REFUND_APPLIED')?.info).toContain('CNY 432.00');
    expect(done.tax.recordNo).toBeTruthy();
    const tax = (await effectsFor(p.simUrls.tax, id)).map((e) => e.key.split(':').at(-2));
    expect(tax).toEqual(['vat-refund']);
    await captureHistory(p.temporal, id, '9710-happy-path');
  });

  it('refuses a consignment above CNY 5,000 that claims no refund (list route capped, H2018 declaration required) and writes nothing', async () => {
    const res = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'B2B-BIG-1', declaredValueCny: 6000, refundClaim: false } });
    expect(res.response.status).toBe(422);
    expect(res.error).toMatchObject({ code: 'H2018_DECLARATION_REQUIRED', fields: [{ path: 'body.declaredValueCny' }] });
    const id = `shipment:${p.enterpriseId}:B2B-BIG-1`;
    expect(await p.db.shipment.count({ where: { id } })).toBe(0);
    await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('refuses statisticsFlag A (清单核放、汇总统计: no customs declaration, no refund) with 422 and writes nothing (domain-rules.md §1.3 step 4)', async () => {
    const res = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'B2B-FLAG-A', logistics: { ...example.logistics, waybillNo: 'WBB2BFLAGA' }, statisticsFlag: 'A' } });
    expect(res.response.status).toBe(422);
    expect(res.error).toMatchObject({ code: 'STATISTICS_FLAG_A_NO_REFUND', fields: [{ path: 'body.statisticsFlag' }] });
    const id = `shipment:${p.enterpriseId}:B2B-FLAG-A`;
    expect(await p.db.shipment.count({ where: { id } })).toBe(0);
    await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('holds the refund of a code with no known rate for ops, then files it under the customs declaration number (H2018 route) once the rate is loaded (domain-rules.md §3.1, §3.2, §4.3)', async () => {
    // toys (9503000090): no rate in the built-in table nor in the sample file
    const body = { ...example, orderNo: 'B2B-NORATE', logistics: { ...example.logistics, waybillNo: 'WBB2BNORATE' }, items: example.items.map((i) => ({ ...i, hsCode: '9503000090' })) };
    const created = await p.api.POST('/v1/shipments', { body });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    const held = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.timeline.some((e) => e.type === 'REFUND_HELD') ? data : undefined;
    }, 'refund held');
    expect(held.status).toBe('TAX_FILING');
    expect(held.lastInfo).toMatch(/no known refund rate for HS 9503000090 on \d{4}-\d{2}-\d{2} \(never guessed\)/);
    expect(held.timeline.map((e) => e.type)).not.toContain('REFUND_APPLIED');
    expect(await effectsFor(p.simUrls.tax, id)).toEqual([]);
    // ops find it by the search attribute
    await eventually(async () => {
      for await (const w of p.temporal.workflow.list({ query: `RefundHold='UNKNOWN_RATE' AND WorkflowId='${id}'` })) return w;
      return undefined;
    }, 'RefundHold visible');

    // a retry before the rate is known holds again
    const retry = (note: string) => fetch(`${p.apiUrl}/v1/ops/shipments/${encodeURIComponent(id)}/refund-retry`, {
      method: 'POST', headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}`, 'content-type': 'application/json' }, body: JSON.stringify({ note }),
    });
    const first = await retry('checking');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ refundHold: { reason: 'UNKNOWN_RATE', hsCodes: ['9503000090'] } });
    await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return (data?.timeline.filter((e) => e.type === 'REFUND_HELD').length ?? 0) >= 2 ? data : undefined;
    }, 'held again');

    // a refund-claiming 9710 goes by customs declaration (报关单, H2018 route, issue 16 item 2): its 报关单号 is already on the shipment
    const entryId = (await p.db.shipment.findUnique({ where: { id } }))?.entryId ?? '';
    expect(entryId).toMatch(/^\d{18}$/);
    expect(held.declaration.entryId).toBe(entryId);

    await loadRefundRates(p.db, 'toys.csv', 'hsCode,effectiveFrom,ratePercent,name\n9503000090,2020-03-20,13,玩具 (test rate)\n');
    expect((await retry('rates loaded')).status).toBe(200);
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
    }, 'held 9710 to finish');
    expect(done.status).toBe('COMPLETED');
    expect(done.declaration.entryId).toBe(entryId);
    // 13 % of the declared CNY 4,800, filed under the customs declaration
    expect(done.timeline.find((e) => e.type === 'REFUND_APPLIED')?.info).toContain(`CNY 624.00, under customs declaration ${entryId}`);
    expect((await effectsFor(p.simUrls.tax, id)).map((e) => e.key.split(':').at(-2))).toEqual(['vat-refund']);
    const again = await retry('too late');
    expect(again.status).toBe(409);
  });

  it('names the missing B2B buyer', async () => {
    const { buyer: _buyer, ...withoutBuyer } = { ...example, orderNo: 'B2B-NOBUYER' };
    const res = await fetch(`${p.apiUrl}/v1/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.apiKey}` }, body: JSON.stringify(withoutBuyer) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: { path: string }[] };
    expect(body.fields.map((f) => f.path)).toContain('body.buyer');
  });
});
