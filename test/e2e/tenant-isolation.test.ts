/**
 * Tenant isolation: enterprise B, with its own valid key, asks for enterprise A's resources by id.
 * It must get exactly what it gets for an id that does not exist (status, code, message with the
 * id replaced, fields), its lists never show A's items, and ops endpoints refuse enterprise keys
 * (403) and callers without a key (401). Timing: the median latency of "A's id" and "missing id"
 * must be within a generous factor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';

let p: Platform;
let bKey: string;
const a = { shipmentId: '', stockEntryId: '', productId: '', batchNo: 'ISO-B-001', keyId: '' };

beforeAll(async () => {
  p = await startPlatform();
  bKey = `iso-b-key-${p.enterpriseId}`;
  await ensureEnterpriseWithKey(p.db, { id: `${p.enterpriseId}-other`, name: 'B', customsCode: 'x', key: bKey });
  const shipment = await call('POST', '/v1/shipments', p.apiKey, shipment9610('ISO-A-1'));
  expect(shipment.status).toBe(202);
  a.shipmentId = (shipment.body as { id: string }).id;
  const entry = await call('POST', '/v1/stock-entries', p.apiKey, { warehouseCode: 'CD-BONDED-01', entryNo: 'ISO-A-ENTRY', lines: [{ sku: 'AU-MILK-900', name: '奶粉', qty: 3 }] });
  expect(entry.status).toBe(202);
  a.stockEntryId = (entry.body as { id: string }).id;
  const product = await call('POST', '/v1/products', p.apiKey, { sku: 'ISO-TEA-1', hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州茶叶合作社' });
  expect(product.status).toBe(201);
  a.productId = (product.body as { id: string }).id;
  expect((await call('POST', `/v1/products/${enc(a.productId)}/batches`, p.apiKey, { batchNo: a.batchNo, producedOn: '2026-01-05' })).status).toBe(201);
  const me = await call('GET', '/v1/enterprises/me', p.apiKey);
  a.keyId = (me.body as { apiKeys: { id: string }[] }).apiKeys[0]!.id;
});
afterAll(async () => p?.stop());

const enc = encodeURIComponent;

const call = (method: string, path: string, key: string | undefined, body?: unknown) => callApi(p.apiUrl, method, path, key, body);

/** An id of the same shape that exists nowhere. */
function missing(id: string): string {
  return `${id.slice(0, -1)}${id.endsWith('Z') ? 'Y' : 'Z'}-nowhere`;
}

/** Each enterprise-scoped operation with an id of A's, as B would call it. */
const targets: { name: string; method: string; path: (id: string) => string; id: () => string; body?: unknown; expect: number[] }[] = [
  { name: 'get shipment', method: 'GET', path: (id) => `/v1/shipments/${enc(id)}`, id: () => a.shipmentId, expect: [404] },
  { name: 'correct shipment', method: 'POST', path: (id) => `/v1/shipments/${enc(id)}/corrections`, id: () => a.shipmentId, body: { reason: 'typo', grossWeightKg: 2 }, expect: [404] },
  { name: 'cancel shipment', method: 'POST', path: (id) => `/v1/shipments/${enc(id)}/cancel`, id: () => a.shipmentId, body: { reason: 'mine now' }, expect: [404] },
  { name: 'return shipment', method: 'POST', path: (id) => `/v1/shipments/${enc(id)}/return`, id: () => a.shipmentId, body: { reason: 'mine now' }, expect: [404] },
  { name: 'trace shipment', method: 'GET', path: (id) => `/v1/shipments/${enc(id)}/trace`, id: () => a.shipmentId, expect: [404] },
  { name: 'reconcile shipment', method: 'GET', path: (id) => `/v1/reconciliation/shipments/${enc(id)}`, id: () => a.shipmentId, expect: [404] },
  { name: 'get stock entry', method: 'GET', path: (id) => `/v1/stock-entries/${enc(id)}`, id: () => a.stockEntryId, expect: [404] },
  { name: 'get product', method: 'GET', path: (id) => `/v1/products/${enc(id)}`, id: () => a.productId, expect: [404] },
  { name: 'register batch', method: 'POST', path: (id) => `/v1/products/${enc(id)}/batches`, id: () => a.productId, body: { batchNo: 'ISO-B-002', producedOn: '2026-01-06' }, expect: [404] },
  { name: 'trace batch (product)', method: 'GET', path: (id) => `/v1/products/${enc(id)}/batches/${a.batchNo}/trace`, id: () => a.productId, expect: [404] },
  { name: 'trace batch (batch no)', method: 'GET', path: (id) => `/v1/products/${enc(a.productId)}/batches/${enc(id)}/trace`, id: () => a.batchNo, expect: [404] },
  // keys are minted by ops only: 403 for every enterprise key, whichever enterprise is named
  { name: 'issue key', method: 'POST', path: (id) => `/v1/enterprises/${enc(id)}/keys`, id: () => p.enterpriseId, body: { label: 'stolen' }, expect: [403] },
  { name: 'revoke key (enterprise)', method: 'DELETE', path: (id) => `/v1/enterprises/${enc(id)}/keys/${enc(a.keyId)}`, id: () => p.enterpriseId, expect: [404] },
  { name: 'get enterprise (ops)', method: 'GET', path: (id) => `/v1/enterprises/${enc(id)}`, id: () => p.enterpriseId, expect: [403] },
  { name: 'credit of enterprise (ops)', method: 'GET', path: (id) => `/v1/credit/enterprises/${enc(id)}`, id: () => p.enterpriseId, expect: [403] },
  { name: 'statistics of enterprise', method: 'GET', path: (id) => `/v1/statistics/trade?enterpriseId=${enc(id)}`, id: () => p.enterpriseId, expect: [403] },
  { name: 'drilldown of enterprise', method: 'GET', path: (id) => `/v1/statistics/drilldown?enterpriseId=${enc(id)}`, id: () => p.enterpriseId, expect: [403] },
];

describe("another enterprise's key learns nothing about A's resources", () => {
  it.each(targets.map((t) => [t.name, t] as const))('%s: same answer as for an id that does not exist', async (_name, t) => {
    const id = t.id();
    const gone = missing(id);
    const other = await call(t.method, t.path(id), bKey, t.body);
    const none = await call(t.method, t.path(gone), bKey, t.body);
    expect(t.expect).toContain(other.status);
    expect(other.status).toBe(none.status);
    const scrub = (r: { text: string }, value: string) => r.text.split(value).join('<id>').split(enc(value)).join('<id>');
    expect(scrub(other, id)).toBe(scrub(none, gone));
    expect(other.text).not.toContain(id);
    expect((other.body as { code?: string }).code).toMatch(/^[A-Z_]+$/);
  });

  it('wrote nothing for B and changed nothing of A', async () => {
    expect(await p.db.apiKey.count({ where: { enterpriseId: p.enterpriseId, revokedAt: { not: null } } })).toBe(0);
    expect(await p.db.apiKey.count({ where: { enterpriseId: p.enterpriseId } })).toBe(1);
    expect(await p.db.productBatch.count({ where: { batchNo: 'ISO-B-002' } })).toBe(0);
    expect(await p.db.auditEntry.count({ where: { actor: { contains: `${p.enterpriseId}-other` } } })).toBe(0);
    const a1 = await call('GET', `/v1/shipments/${enc(a.shipmentId)}`, p.apiKey);
    expect(a1.status).toBe(200);
    expect((a1.body as { status: string }).status).not.toMatch(/CANCEL/);
  });

  it("B's lists never include A's items", async () => {
    const lists = ['/v1/shipments', '/v1/shipments?status=RECEIVED', '/v1/products', '/v1/products?sku=ISO-TEA-1', '/v1/stock', '/v1/reconciliation?from=2000-01-01&to=2100-01-01', '/v1/credit/me', '/v1/enterprises/me', '/v1/statistics/trade', '/v1/statistics/drilldown'];
    for (const path of lists) {
      const r = await call('GET', path, bKey);
      expect(r.status, path).toBe(200);
      for (const secret of [a.shipmentId, 'ISO-A-1', a.productId, 'ISO-TEA-1', a.stockEntryId, a.keyId, 'AU-MILK-900']) expect(r.text, `${path} shows ${secret}`).not.toContain(secret);
      if (path !== '/v1/enterprises/me' && path !== '/v1/credit/me') expect(r.text, path).not.toContain(`"${p.enterpriseId}"`);
    }
    // and A sees its own: the checks above are not vacuous
    expect((await call('GET', '/v1/shipments', p.apiKey)).text).toContain(a.shipmentId);
    expect((await call('GET', '/v1/products', p.apiKey)).text).toContain('ISO-TEA-1');
  });

  it('ops endpoints refuse an enterprise key with 403 and no key with 401', async () => {
    const ops: [string, string, unknown?][] = [
      ['GET', '/v1/enterprises'],
      ['GET', `/v1/enterprises/${enc(p.enterpriseId)}`],
      ['POST', `/v1/enterprises/${enc(p.enterpriseId)}/approval`, { decision: 'REJECT', operator: 'x', reason: 'x' }],
      ['PUT', `/v1/enterprises/${enc(p.enterpriseId)}/roles`, { roles: ['ECOMMERCE'] }],
      ['GET', `/v1/credit/enterprises/${enc(p.enterpriseId)}`],
      ['GET', '/v1/credit/supervision'],
      ['GET', '/v1/credit/negative-list'],
      ['POST', '/v1/credit/negative-list', { enterpriseId: p.enterpriseId, reason: 'x' }],
      ['DELETE', `/v1/credit/negative-list/${enc(p.enterpriseId)}`],
      ['POST', '/v1/risk/backtest', { from: '2026-01-01', to: '2026-02-01' }],
      ['GET', '/v1/risk/hits'],
      ['POST', `/v1/risk/shipments/${enc(a.shipmentId)}/review`, { decision: 'RELEASE', note: 'x', operator: 'x' }],
      ['POST', `/v1/ops/shipments/${enc(a.shipmentId)}/inspection`, { outcome: 'CLEARED', note: 'x', operator: 'x' }],
      ['GET', '/v1/ops/audit'],
      ['GET', '/v1/ops/audit/verification'],
      ['POST', '/v1/ops/summaries', { period: '2026-01' }],
      ['GET', '/v1/ops/summaries'],
      ['GET', '/v1/statistics/targets'],
      ['GET', '/v1/statistics/reports/2026-01'],
      ['POST', '/v1/ops/statistics/reports', { period: '2026-01' }],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of ops) {
      for (const [who, key, want] of [['A', p.apiKey, 403], ['B', bKey, 403], ['nobody', undefined, 401]] as const) {
        const r = await call(method, path, key, body);
        if (r.status !== want) wrong.push(`${method} ${path} as ${who}: ${r.status} ${r.text.slice(0, 160)}`);
        expect((r.body as { code?: string }).code).toMatch(/^[A-Z_]+$/);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("takes about as long for A's id as for a missing one (median of 30, within 3×)", async () => {
    const time = async (path: string) => {
      const t0 = performance.now();
      await call('GET', path, bKey);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    for (const [make, id] of [[(i: string) => `/v1/shipments/${enc(i)}`, a.shipmentId], [(i: string) => `/v1/products/${enc(i)}`, a.productId]] as const) {
      const others: number[] = [];
      const nones: number[] = [];
      for (let i = 0; i < 30; i++) {
        // interleaved, so drift in the machine's load hits both alike
        others.push(await time(make(id)));
        nones.push(await time(make(missing(id))));
      }
      const [mo, mn] = [median(others), median(nones)];
      expect(mo / mn).toBeLessThan(3);
      expect(mn / mo).toBeLessThan(3);
    }
  });
});
