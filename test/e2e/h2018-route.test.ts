// Issue 16 item 2: refund-claiming 9710/9810 consignments go through a customs declaration
// (报关单, H2018 route) and the refund files under its 18-digit number (entryId); the CBEC list
// route carries only consignments that claim no refund. Sources: docs/reference/ceb-messages.md
// "Four declaration routes" (attached document 10000004 = order / booking-note number, 对碰),
// docs/reference/domain-rules.md §1.4, §1.5, §3.1, §4.3, §7.3, §8 open point 5.
// ⚠ The declaration message is cbec-hub's own format, not the official one (adapters/single-window/entry/format.ts).
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

const example9710 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const example9810 = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9810.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9810' }>;

async function finished(id: string) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(data.status) ? data : undefined;
  }, `${id} to finish`, 120_000);
}

/** Creates a shipment and waits for it to complete. */
async function completed(body: ShipmentCreate) {
  const created = await p.api.POST('/v1/shipments', { body });
  expect(created.response.status).toBe(202);
  const id = created.data!.id;
  const done = await finished(id);
  expect(done.status).toBe('COMPLETED');
  return { id, done };
}

/** The refund applications the tax bureau (simulator) took for a shipment: effect name and the declaration number filed under. */
async function refundsFiled(id: string) {
  return (await effectsFor(p.simUrls.tax, id)).map((e) => ({ effect: e.key.split(':').at(-2), declarationNo: (e.result as { declarationNo?: string }).declarationNo }));
}

describe('H2018 route (报关单) for refund-claiming 9710/9810', () => {
  it('9710 above CNY 5,000 is accepted, declared by customs declaration, and its refund files under the 18-digit entryId', async () => {
    const body = { ...example9710, orderNo: 'H2018-9710-1', declaredValueCny: 12_000, logistics: { ...example9710.logistics, waybillNo: 'WBH20189710' } };
    const { id, done } = await completed(body);
    const entryId = done.declaration.entryId!;
    expect(entryId).toMatch(/^7901\d{4}0\d{9}$/); // customs + year + 0 (export) + 9 digits (domain-rules.md §7.3)
    expect(done.declaration.invtNo).toBeNull(); // no CBEC list in this route
    const types = done.timeline.map((e) => e.type);
    expect(done.timeline.find((e) => e.type === 'DECLARED')?.info).toContain(`attached document 10000004 = order ${body.orderNo}`);
    expect(done.timeline.find((e) => e.type === 'ENTRY_ASSIGNED')?.info).toContain(entryId);
    expect(types.indexOf('RELEASED')).toBeGreaterThan(types.indexOf('ENTRY_ASSIGNED'));
    expect(types.indexOf('REFUND_APPLIED')).toBeGreaterThan(types.indexOf('FX_SETTLED'));
    // 9 % of the declared CNY 12,000 (lithium-ion batteries after 2024-12-01)
    expect(done.timeline.find((e) => e.type === 'REFUND_APPLIED')?.info).toContain(`CNY 1080.00, under customs declaration ${entryId}`);
    expect(await refundsFiled(id)).toEqual([{ effect: 'vat-refund', declarationNo: entryId }]);
    // never in a monthly summary: no list
    expect((await p.db.shipment.findUniqueOrThrow({ where: { id } })).entryId).toBe(entryId);
    await captureHistory(p.temporal, id, 'h2018-9710-happy-path');
  });

  it('9810 pre-refund at departure files under the entryId of its customs declaration', async () => {
    const body = { ...example9810, orderNo: 'H2018-9810-1', logistics: { ...example9810.logistics, waybillNo: 'WBH20189810' } };
    const { id, done } = await completed(body);
    const entryId = done.declaration.entryId!;
    expect(entryId).toMatch(/^7901\d{4}0\d{9}$/);
    expect(done.timeline.find((e) => e.type === 'DECLARED')?.info).toContain(`booking note ${body.orderNo}`);
    expect(done.timeline.find((e) => e.type === 'PRE_REFUND_APPLIED')?.info).toContain(`under customs declaration ${entryId}`);
    expect(await refundsFiled(id)).toEqual([{ effect: 'vat-pre-refund', declarationNo: entryId }]);
    await captureHistory(p.temporal, id, 'h2018-9810-happy-path');
  });

  it('refundClaim false: the CBEC list route (B list, inventory number), no refund step, said in the timeline', async () => {
    const body = { ...example9710, orderNo: 'LIST-9710-1', refundClaim: false, logistics: { ...example9710.logistics, waybillNo: 'WBLIST9710' } };
    const { id, done } = await completed(body);
    expect(done.declaration.invtNo).toMatch(/^\d{4}\d{4}E\d{9}$/);
    expect(done.declaration.entryId).toBeNull(); // until the monthly summary declares the B list
    const types = done.timeline.map((e) => e.type);
    expect(types).not.toContain('ENTRY_ASSIGNED');
    expect(types).not.toContain('REFUND_APPLIED');
    expect(done.timeline.find((e) => e.type === 'NO_REFUND')?.info).toContain('no export VAT refund claimed');
    expect(await refundsFiled(id)).toEqual([]);
  });

  it('refundClaim false above CNY 5,000 is refused (the list route is capped) and writes nothing', async () => {
    const res = await p.api.POST('/v1/shipments', { body: { ...example9710, orderNo: 'LIST-BIG-1', refundClaim: false, declaredValueCny: 6000 } });
    expect(res.response.status).toBe(422);
    expect(res.error).toMatchObject({ code: 'H2018_DECLARATION_REQUIRED', fields: [{ path: 'body.declaredValueCny' }] });
    const id = `shipment:${p.enterpriseId}:LIST-BIG-1`;
    expect(await p.db.shipment.count({ where: { id } })).toBe(0);
    await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});
