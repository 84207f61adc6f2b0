import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/tools.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { effectsFor } from '../support/ledger.js';
import { captureHistory } from '../support/histories.js';

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

  it('refuses a consignment above CNY 5,000 (H2018 declaration required) and writes nothing', async () => {
    const res = await p.api.POST('/v1/shipments', { body: { ...example, orderNo: 'B2B-BIG-1', declaredValueCny: 6000 } });
    expect(res.response.status).toBe(422);
    expect(res.error).toMatchObject({ code: 'H2018_DECLARATION_REQUIRED', fields: [{ path: 'body.declaredValueCny' }] });
    const id = `shipment:${p.enterpriseId}:B2B-BIG-1`;
    expect(await p.db.shipment.count({ where: { id } })).toBe(0);
    await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('names the missing B2B buyer', async () => {
    const { buyer: _buyer, ...withoutBuyer } = { ...example, orderNo: 'B2B-NOBUYER' };
    const res = await fetch(`${p.apiUrl}/v1/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.apiKey}` }, body: JSON.stringify(withoutBuyer) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: { path: string }[] };
    expect(body.fields.map((f) => f.path)).toContain('body.buyer');
  });
});
