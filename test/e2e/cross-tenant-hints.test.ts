/**
 * No cross-tenant hints: enterprises A and B sell to one buyer. B's order, split from A's within
 * 24 h, is held by the SPLIT_ORDERS rule, and B's order for a second shared buyer is refused
 * because A's orders used that buyer's annual quota. Every response B can read (shipment detail
 * and timeline, trace, list, reconciliation, credit, stock, the refusal) is scanned for A's ids and
 * figures; the ops-only risk view must contain them, so the scan has something to find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { hashBuyerId, reserveQuota } from '../../db/quota.js';
import { fenText, importOrderFigures } from '../../domain/import/order.js';
import { example1210, order1210, WAREHOUSE } from '../support/imports.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let b: { id: string; key: string };
const enc = encodeURIComponent;
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startPlatform({ env: { SLA_WATCH_MS: '0' } });
  b = { id: `${p.enterpriseId}-b`, key: `hints-b-key-${p.enterpriseId}` };
  await ensureEnterpriseWithKey(p.db, { id: b.id, name: 'B 电商', customsCode: `54${p.enterpriseId.slice(4)}`.slice(0, 10), key: b.key });
  await Promise.all([p.apiKey, b.key].map((key, i) => enterStock(key, `HINTS-${p.enterpriseId}-${i}`)));
});
afterAll(async () => p?.stop());

async function call(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

async function enterStock(key: string, entryNo: string) {
  const lines = example1210.items.map((i) => ({ sku: i.sku, name: i.name, qty: 40 }));
  const entry = await call('POST', '/v1/stock-entries', key, { warehouseCode: WAREHOUSE, entryNo, lines });
  expect(entry.status).toBe(202);
  const id = (JSON.parse(entry.text) as { id: string }).id;
  await eventually(async () => (JSON.parse((await call('GET', `/v1/stock-entries/${enc(id)}`, key)).text).status === 'RECEIVED' ? true : undefined), 'stock entry');
}

describe("what an enterprise reads names only its own data", () => {
  it("holds B's split order and refuses its over-quota order without naming A's shipments, figures or the quota left", async () => {
    const tag = p.enterpriseId.slice(4).toUpperCase();
    // buyer 7301 orders from A (4 serums), then from B (11 tins of milk): together above CNY 5,000
    const aOrder = order1210(`HA-${tag}-1`, 7301, { items: [{ ...example1210.items[1]!, qty: 4 }] });
    const bOrder = order1210(`HB-${tag}-1`, 7301, { items: [{ ...example1210.items[0]!, qty: 11 }] });
    const aFigures = importOrderFigures(aOrder, chinaToday(), 0);
    const a = await call('POST', '/v1/shipments', p.apiKey, aOrder);
    expect(a.status).toBe(202);
    const aId = (JSON.parse(a.text) as { id: string }).id;
    const held = await call('POST', '/v1/shipments', b.key, bOrder);
    expect(held.status).toBe(202);
    const bId = (JSON.parse(held.text) as { id: string }).id;
    await eventually(async () => (JSON.parse((await call('GET', `/v1/shipments/${enc(bId)}`, b.key)).text).status === 'RISK_HOLD' ? true : undefined), 'B held', 90_000);

    // buyer 7302's annual quota was used by A's orders (CNY 25,000 of 26,000): B's next order is refused
    const year = Number(chinaToday().slice(0, 4));
    await reserveQuota(p.db, { reservationId: `${aId}-earlier`, buyerIdHash: hashBuyerId(order1210('x', 7302).buyer.idNumber, { key: p.config.BUYER_ID_HASH_KEY.reveal() }), year, amountCny: '25000.00', annualLimitCny: '26000' });
    const refused = await call('POST', '/v1/shipments', b.key, order1210(`HB-${tag}-2`, 7302, { items: [{ ...example1210.items[0]!, qty: 11 }] }));
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'IMPORT_OVER_ANNUAL_LIMIT', fields: [{ path: 'body.buyer.idNumber' }] });

    // A's ids and figures, and what only A's data could add up to
    const total = importOrderFigures(bOrder, chinaToday(), 0).dutiableTotalFen + aFigures.dutiableTotalFen;
    const secrets = [aId, p.enterpriseId + '"', aOrder.orderNo, aOrder.logistics.waybillNo, aOrder.payment.transactionId, fenText(aFigures.dutiableTotalFen), fenText(aFigures.acturalPaidFen), fenText(total), '1000.00', '25000', '25,000'];
    const range = 'from=2000-01-01&to=2100-01-01';
    const reads = [
      ['shipment detail and timeline', `/v1/shipments/${enc(bId)}`],
      ['trace', `/v1/shipments/${enc(bId)}/trace`],
      ['list', '/v1/shipments'],
      ['list of held', '/v1/shipments?status=RISK_HOLD'],
      ['reconciliation of the shipment', `/v1/reconciliation/shipments/${enc(bId)}`],
      ['reconciliation', `/v1/reconciliation?${range}`],
      ['credit', '/v1/credit/me'],
      ['stock', '/v1/stock'],
    ];
    const seen: string[] = [];
    for (const [what, path] of reads) {
      const r = await call('GET', path!, b.key);
      expect(r.status, what).toBe(200);
      for (const secret of secrets) if (r.text.includes(secret)) seen.push(`${what} shows ${secret}`);
    }
    for (const secret of secrets) if (refused.text.includes(secret)) seen.push(`the quota refusal shows ${secret}`);
    expect(seen).toEqual([]);
    // B does learn why its order is held, in its own terms
    expect((await call('GET', `/v1/shipments/${enc(bId)}`, b.key)).text).toContain('orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit');

    // ops read the whole picture: the scan above had something to find
    const ops = await fetch(`${p.apiUrl}/v1/risk/hits?enterpriseId=${enc(b.id)}`, { headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } });
    const hit = ((await ops.json()) as { items: { ruleId: string; detail: string | null }[] }).items.find((h) => h.ruleId === 'SPLIT_ORDERS');
    expect(hit?.detail).toContain(aId);
    expect(hit?.detail).toContain(fenText(total));
    expect(hit?.detail).toContain(fenText(aFigures.dutiableTotalFen));
  });
});
