/**
 * What the web console needs from the public API (issue 19 item 5): the shipment list searched by
 * order number, shipments counted by status for the overview, and the ops work queues (every
 * enterprise's shipments in one status that needs ops). Each tenant-isolated and refused on bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { temporalUiUrl } from '../../api/routes/ops-console.routes.js';
import { shipment9610 } from '../support/fixtures.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let opsViewer: string;
const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
const ids: Record<string, string> = {};

async function create(client: Platform['api'], orderNo: string): Promise<string> {
  const res = await client.POST('/v1/shipments', { body: shipment9610(orderNo) });
  expect(res.response.status).toBe(202);
  return res.data!.id;
}

beforeAll(async () => {
  // no worker: the shipments stay where the test puts them
  p = await startPlatform({ worker: false });
  opsViewer = (await createOpsPerson(p.db, { name: `viewer-${tag}`, role: 'VIEWER', actor: 'test' })).key;
  ids.a = await create(p.api, `CON-${tag}-A1`);
  ids.b = await create(p.api, `CON-${tag}-A2`);
  ids.c = await create(p.api, `CON-${tag}-B1`);
  ids.other = await create(p.otherApi, `CON-${tag}-A9`);
  await p.db.shipment.update({ where: { id: ids.b }, data: { status: 'INSPECTION' } });
  await p.db.shipment.update({ where: { id: ids.other }, data: { status: 'INSPECTION' } });
});
afterAll(async () => p?.stop());

describe('GET /v1/shipments?orderNo=', () => {
  it('finds my shipments whose order number starts with the text, any case, and never another enterprise’s', async () => {
    const found = await p.api.GET('/v1/shipments', { params: { query: { orderNo: `con-${tag.toLowerCase()}-a` } } });
    expect(found.data!.items.map((s) => s.orderNo).sort()).toEqual([`CON-${tag}-A1`, `CON-${tag}-A2`]);
    const exact = await p.api.GET('/v1/shipments', { params: { query: { orderNo: `CON-${tag}-B1`, status: 'RECEIVED' } } });
    expect(exact.data!.items.map((s) => s.id)).toEqual([ids.c]);
  });

  it('refuses an overlong search with the field at fault', async () => {
    const res = await callApi(p.apiUrl, 'GET', `/v1/shipments?orderNo=${'X'.repeat(61)}`, p.apiKey);
    expect(res.status).toBe(400);
    expect((res.body as any).fields.map((f: any) => f.path)).toEqual(['querystring.orderNo']);
  });
});

describe('GET /v1/shipments/status-counts', () => {
  it('counts my shipments by status only', async () => {
    const mine = await p.api.GET('/v1/shipments/status-counts');
    expect(mine.data).toEqual({ byStatus: [{ status: 'INSPECTION', count: 1 }, { status: 'RECEIVED', count: 2 }], total: 3 });
    const theirs = await p.otherApi.GET('/v1/shipments/status-counts');
    expect(theirs.data).toEqual({ byStatus: [{ status: 'INSPECTION', count: 1 }], total: 1 });
  });

  it('needs a caller', async () => {
    expect((await callApi(p.apiUrl, 'GET', '/v1/shipments/status-counts', undefined)).status).toBe(401);
  });
});

describe('GET /v1/ops/shipments (ops work queues)', () => {
  it('lists every enterprise’s shipments in the status, paginated, to an ops person', async () => {
    const first = await callApi(p.apiUrl, 'GET', '/v1/ops/shipments?status=INSPECTION&limit=1', opsViewer);
    expect(first.status).toBe(200);
    const page1 = first.body as any;
    expect(page1.items).toHaveLength(1);
    const second = (await callApi(p.apiUrl, 'GET', `/v1/ops/shipments?status=INSPECTION&limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`, opsViewer)).body as any;
    const listed = [...page1.items, ...second.items];
    expect(listed.map((s: any) => s.id).sort()).toEqual([ids.b, ids.other].sort());
    expect(listed.map((s: any) => s.enterpriseId).sort()).toEqual([p.enterpriseId, `${p.enterpriseId}-other`].sort());
    expect(second.nextCursor).toBeNull();
  });

  it('is for ops only: an enterprise key is refused', async () => {
    expect((await callApi(p.apiUrl, 'GET', '/v1/ops/shipments?status=INSPECTION', p.apiKey)).status).toBe(403);
    expect((await callApi(p.apiUrl, 'GET', '/v1/ops/shipments?status=INSPECTION', undefined)).status).toBe(401);
  });

  it('refuses a status that is no work queue and a forged cursor, with the field at fault', async () => {
    const status = await callApi(p.apiUrl, 'GET', '/v1/ops/shipments?status=COMPLETED', opsViewer);
    expect(status.status).toBe(400);
    expect((status.body as any).fields.map((f: any) => f.path)).toEqual(['querystring.status']);
    const cursor = await callApi(p.apiUrl, 'GET', '/v1/ops/shipments?status=INSPECTION&cursor=not-a-cursor', opsViewer);
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ code: 'INVALID_CURSOR', fields: [{ path: 'querystring.cursor' }] });
  });
});

describe('GET /v1/ops/shipments/{id} (a shipment page for ops)', () => {
  it('shows any enterprise’s shipment with its timeline and whose it is to an ops person', async () => {
    const res = await callApi(p.apiUrl, 'GET', `/v1/ops/shipments/${encodeURIComponent(ids.other!)}`, opsViewer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.other, enterpriseId: `${p.enterpriseId}-other`, orderNo: `CON-${tag}-A9`, status: 'INSPECTION', mode: '9610' });
    expect((res.body as any).timeline).toEqual(expect.any(Array));
    // the enterprise's own view stays as documented (no enterpriseId)
    expect(Object.keys((await callApi(p.apiUrl, 'GET', `/v1/shipments/${encodeURIComponent(ids.a!)}`, p.apiKey)).body as object)).not.toContain('enterpriseId');
    const missing = await callApi(p.apiUrl, 'GET', `/v1/ops/shipments/${encodeURIComponent(`${ids.other!}-nope`)}`, opsViewer);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'SHIPMENT_NOT_FOUND' });
  });

  it('is for ops only: an enterprise cannot read another’s shipment through it, nor its own', async () => {
    expect((await callApi(p.apiUrl, 'GET', `/v1/ops/shipments/${encodeURIComponent(ids.other!)}`, p.apiKey)).status).toBe(403);
    expect((await callApi(p.apiUrl, 'GET', `/v1/ops/shipments/${encodeURIComponent(ids.a!)}`, p.apiKey)).status).toBe(403);
    expect((await callApi(p.apiUrl, 'GET', `/v1/ops/shipments/${encodeURIComponent(ids.a!)}`, undefined)).status).toBe(401);
  });
});

describe('GET /v1/ops/settings', () => {
  it('gives ops the Temporal Web UI each shipment opens in: the dev server’s in development', async () => {
    const res = await callApi(p.apiUrl, 'GET', '/v1/ops/settings', opsViewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ temporalUi: { url: 'http://127.0.0.1:8233', namespace: p.config.TEMPORAL_NAMESPACE } });
    expect((await callApi(p.apiUrl, 'GET', '/v1/ops/settings', p.apiKey)).status).toBe(403);
  });

  it('takes TEMPORAL_UI_URL when set, and gives no link outside development without it', () => {
    expect(temporalUiUrl({ ...p.config, TEMPORAL_UI_URL: 'https://temporal.zone.example/' })).toBe('https://temporal.zone.example');
    expect(temporalUiUrl({ ...p.config, development: false, TEMPORAL_UI_URL: undefined })).toBeUndefined();
  });
});

describe('/console', () => {
  it('serves the app for its own routes and refuses to cache index.html; hashed assets are immutable', async () => {
    const page = await fetch(`${p.apiUrl}/console/shipments/some-id`);
    if (page.status === 503) throw new Error('console/dist is missing: run npm run console:build (npm install does it)');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${p.apiUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${p.apiUrl}/console/assets/missing-abc.js`)).status).toBe(404);
  });
});
