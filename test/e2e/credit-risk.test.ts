import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../domain/import/identity.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { shipment9610 } from '../support/fixtures.js';
import { control } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

// Credit supervision, risk control and 三流合一 reconciliation through the API.
type Order1210 = Extract<ShipmentCreate, { mode: '1210' }>;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-1210.json`, 'utf8')) as Order1210;

let p: Platform;
let ops: { authorization: string };
beforeAll(async () => {
  // no SLA watch: at this time scale a 2-hour service level lasts 8 ms, and a breach would lower
  // the credit score this file checks (SLA breaches are tested in shipment-paths.test.ts)
  p = await startPlatform({ timeScale: 864_000, env: { SLA_WATCH_MS: '0' } });
  ops = { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` };
  const entry = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: example.warehouse.code, entryNo: 'RISK-ENTRY', lines: [{ sku: 'FR-SERUM-30', name: '精华液', qty: 40 }] } });
  await eventually(async () => ((await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: entry.data!.id } } })).data?.status === 'RECEIVED' ? true : undefined), 'stock entry');
});
afterAll(async () => p?.stop());

function serumOrder(orderNo: string, buyer: number, qty: number): Order1210 {
  const first17 = `51170219850101${String(buyer).padStart(3, '0')}`;
  const id = first17 + residentIdCheckChar(first17);
  const body: Order1210 = {
    ...example,
    orderNo,
    buyer: { ...example.buyer, idNumber: id },
    logistics: { ...example.logistics, waybillNo: `WB${orderNo}` },
    items: [{ ...example.items[1]!, qty }],
    payment: { ...example.payment, transactionId: `PAY-${orderNo}`, payer: { ...example.payment.payer, idNumber: id } },
  };
  body.payment.amountPaid = Number(fenText(importOrderFigures(body, '2026-11-26', 0).acturalPaidFen));
  return body;
}

async function status(id: string, statuses: string[]) {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data && statuses.includes(data.status) ? data : undefined;
  }, `${id} → ${statuses.join('/')}`, 90_000);
}

describe('credit supervision', () => {
  it('scores an enterprise from its shipments and explains the contributions', async () => {
    const id = (await p.api.POST('/v1/shipments', { body: shipment9610('CREDIT-OK-1') })).data!.id;
    await status(id, ['COMPLETED']);
    const credit = await p.api.GET('/v1/credit/me');
    expect(credit.data).toMatchObject({ enterpriseId: p.enterpriseId, level: 'REGULAR', negativeListed: false });
    expect(credit.data?.contributions).toContainEqual(expect.objectContaining({ kind: 'SHIPMENT_COMPLETED', count: 1 }));
    expect(credit.data?.score).toBeGreaterThan(80);
  });

  it('blocks shipments of a negative-listed enterprise with a clear code until the listing is lifted', async () => {
    const list = await fetch(`${p.apiUrl}/v1/credit/negative-list`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: JSON.stringify({ enterpriseId: p.enterpriseId, reason: '伪报贸易方式 (test)' }) });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ level: 'SERIOUSLY_DISHONEST', negativeListed: true });
    const refused = await p.api.POST('/v1/shipments', { body: shipment9610('CREDIT-BLOCKED-1') });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'ENTERPRISE_NEGATIVE_LISTED' });
    expect(await p.db.shipment.count({ where: { orderNo: 'CREDIT-BLOCKED-1' } })).toBe(0);
    // the ops key is checked before the body: no key is 401 even with a bad body
    expect((await fetch(`${p.apiUrl}/v1/credit/negative-list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' })).status).toBe(401);
    // an enterprise key cannot list or lift
    const byEnterprise = await fetch(`${p.apiUrl}/v1/credit/negative-list/${p.enterpriseId}`, { method: 'DELETE', headers: { authorization: `Bearer ${p.apiKey}` } });
    expect(byEnterprise.status).toBe(403);
    expect((await fetch(`${p.apiUrl}/v1/credit/negative-list/${p.enterpriseId}`, { method: 'DELETE', headers: ops })).status).toBe(200);
    expect((await p.api.POST('/v1/shipments', { body: shipment9610('CREDIT-AFTER-1') })).response.status).toBe(202);
  });
});

describe('risk control', () => {
  it('holds split orders of one buyer for ops review; a rejection cancels and gives the quota and stock back', async () => {
    const first = await p.api.POST('/v1/shipments', { body: serumOrder('SPLIT-A', 1, 4) });
    expect(first.response.status).toBe(202);
    const second = await p.api.POST('/v1/shipments', { body: serumOrder('SPLIT-B', 1, 4) });
    expect(second.response.status).toBe(202);
    const id = second.data!.id;
    const held = await status(id, ['RISK_HOLD']);
    // the enterprise reads the reason in its own terms; the count and total are for ops (detail)
    expect(held.timeline.find((e) => e.type === 'RISK_HOLD')?.info).toContain('SPLIT_ORDERS — orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit');
    const hits = await (await fetch(`${p.apiUrl}/v1/risk/hits?status=HELD`, { headers: ops })).json() as { items: { shipmentId: string; ruleId: string; detail: string | null }[] };
    expect(hits.items).toContainEqual(expect.objectContaining({ shipmentId: id, ruleId: 'SPLIT_ORDERS', detail: expect.stringContaining('2 orders of the same buyer within 24 h total CNY 5540.00') }));
    const review = await fetch(`${p.apiUrl}/v1/risk/shipments/${encodeURIComponent(id)}/review`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'REJECT', note: 'one buyer splitting a 5,540 order', operator: 'ops-li' }) });
    expect(review.status).toBe(200);
    const done = await status(id, ['CANCELLED']);
    expect(done.timeline.map((e) => e.type)).toContain('CLAIMS_RELEASED');
    expect(await p.db.quotaReservation.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'RELEASED' });
    // the reviewer is the person behind the ops key (here break-glass), not the body's `operator`
    expect(await p.db.riskHit.findFirstOrThrow({ where: { shipmentId: id } })).toMatchObject({ status: 'CONFIRMED', reviewedBy: 'break-glass' });
    expect(await p.db.auditEntry.findFirst({ where: { action: 'shipment.risk_reviewed', subjectId: id } })).toMatchObject({ actor: 'ops:break-glass', detail: { decision: 'REJECT' } });
    // the review note is free text: never in clear in the Temporal history (failure messages are not encrypted)
    const history = JSON.stringify(await p.temporal.workflow.getHandle(id).fetchHistory());
    expect(history).not.toContain('one buyer splitting');
    // the first order was not held
    expect((await p.db.shipment.findUniqueOrThrow({ where: { id: first.data!.id } })).status).not.toBe('RISK_HOLD');
    // a second review is refused
    // backtesting the split-order rule over the stored shipments finds this pattern again
    const backtest = await fetch(`${p.apiUrl}/v1/risk/backtest`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: JSON.stringify({ from: '2026-01-01', to: '2027-01-01', ruleIds: ['SPLIT_ORDERS'] }) });
    const bt = (await backtest.json()) as { shipments: number; rules: { ruleId: string; hits: number; examples: { shipmentId: string }[] }[] };
    expect(bt.rules[0]).toMatchObject({ ruleId: 'SPLIT_ORDERS' });
    expect(bt.rules[0]!.examples.map((e) => e.shipmentId)).toContain(id);
    const again = await fetch(`${p.apiUrl}/v1/risk/shipments/${encodeURIComponent(id)}/review`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'RELEASE', note: 'x', operator: 'ops-li' }) });
    expect(again.status).toBe(409);
  });

  it('releases a held shipment on review, which then runs to the end', async () => {
    await p.api.POST('/v1/shipments', { body: serumOrder('SPLIT-C', 2, 4) });
    const id = (await p.api.POST('/v1/shipments', { body: serumOrder('SPLIT-D', 2, 4) })).data!.id;
    await status(id, ['RISK_HOLD']);
    const review = await fetch(`${p.apiUrl}/v1/risk/shipments/${encodeURIComponent(id)}/review`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'RELEASE', note: 'two gifts, checked with the buyer', operator: 'ops-wang' }) });
    expect(review.status).toBe(200);
    const done = await status(id, ['COMPLETED', 'FAILED', 'CANCELLED']);
    expect(done.status).toBe('COMPLETED');
    expect(done.timeline.map((e) => e.type)).toContain('RISK_RELEASED');
  });
});

describe('三流合一 reconciliation', () => {
  it('explains a money mismatch (FX received short) and raises an alert', async () => {
    const body = shipment9610('RECON-SHORT-1');
    const id = `shipment:${p.enterpriseId}:RECON-SHORT-1`;
    await control(p.simUrls.bank, 'scenarios', { key: id, scenario: 'partial-funds', params: { amount: '50.00' } });
    await p.api.POST('/v1/shipments', { body });
    await status(id, ['COMPLETED']);
    const r = await p.api.GET('/v1/reconciliation/shipments/{id}', { params: { path: { id } } });
    expect(r.data?.status).toBe('MISMATCH');
    expect(r.data?.mismatches).toContainEqual({ flow: 'money', document: 'FX receipt', expected: '75.30 EUR', actual: '50.00 EUR', difference: '-25.30 EUR', explanation: expect.stringContaining('declared order value') });
    expect(await p.db.riskHit.findFirst({ where: { shipmentId: id, ruleId: 'FX_NOT_MATCHING_DECLARATION', status: 'OPEN' } })).not.toBeNull();
    const period = await p.api.GET('/v1/reconciliation', { params: { query: { from: '2026-01-01', to: '2027-01-01' } } });
    expect(period.data?.items[0]?.status).toBe('MISMATCH');
    expect(period.data?.counts.MISMATCH).toBeGreaterThanOrEqual(1);
    // a matched shipment shows its three flows agreeing
    const ok = await p.api.GET('/v1/reconciliation/shipments/{id}', { params: { path: { id: `shipment:${p.enterpriseId}:CREDIT-OK-1` } } });
    expect(ok.data).toMatchObject({ status: 'MATCHED', mismatches: [], money: { expected: '75.30', received: '75.30' } });
    // another enterprise learns nothing
    expect((await p.otherApi.GET('/v1/reconciliation/shipments/{id}', { params: { path: { id } } })).response.status).toBe(404);
  });
});
