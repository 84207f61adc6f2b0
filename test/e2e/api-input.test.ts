import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../adapters/kit/callbacks.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { inboxMessages } from '../support/inbox.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p?.stop());

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${p.apiUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${p.apiKey}`, ...headers } });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as { code: string; fields: { path: string }[] } };
}

async function nothingStarted(orderNo: string) {
  const id = `shipment:${p.enterpriseId}:${orderNo}`;
  expect(await p.db.shipment.count({ where: { id } })).toBe(0);
  await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('API input handling', () => {
  it('refuses requests without a valid API key', async () => {
    const none = await fetch(`${p.apiUrl}/v1/shipments`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bad = await fetch(`${p.apiUrl}/v1/shipments`, { headers: { authorization: 'Bearer not-a-real-key-123' } });
    expect(bad.status).toBe(401);
  });

  it.each([
    ['a wrong HS code', { items: [{ ...shipment9610('X').items[0]!, hsCode: '0902' }] }, 'body.items.0.hsCode'],
    ['a negative price', { items: [{ ...shipment9610('X').items[0]!, unitPrice: -1 }] }, 'body.items.0.unitPrice'],
    ['no lines', { items: [] }, 'body.items'],
    ['an unknown field', { discount: 5 }, 'body'],
    ['net weight above gross weight', { netWeightKg: 10 }, 'body.netWeightKg'],
    ['a bad country code', { destination: { country: 'DE', port: 'DEU' } }, 'body.destination.country'],
  ])('rejects %s with 400, the field at fault, and writes nothing', async (_what, patch, field) => {
    const orderNo = `BAD-${field.replace(/\W/g, '').slice(-12)}`;
    const res = await post('/v1/shipments', JSON.stringify({ ...shipment9610(orderNo), ...patch }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f) => f.path)).toContain(field);
    await nothingStarted(orderNo);
  });

  it('rejects an unknown customs mode and malformed JSON', async () => {
    const mode = await post('/v1/shipments', JSON.stringify({ ...shipment9610('BAD-MODE'), mode: '9999' }));
    expect(mode.status).toBe(400);
    expect(mode.body.fields.map((f) => f.path)).toContain('body.mode');
    const json = await post('/v1/shipments', '{"mode": "9610",');
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('MALFORMED_JSON');
    await nothingStarted('BAD-MODE');
  });

  it('rejects a pagination cursor it did not issue', async () => {
    const res = await p.api.GET('/v1/shipments', { params: { query: { cursor: 'bm90LWEtY3Vyc29y' } } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('pages through shipments with a cursor', async () => {
    for (const n of [1, 2, 3]) expect((await p.api.POST('/v1/shipments', { body: shipment9610(`PAGE-${n}`) })).response.status).toBe(202);
    const first = await p.api.GET('/v1/shipments', { params: { query: { limit: 2 } } });
    expect(first.data?.items).toHaveLength(2);
    const second = await p.api.GET('/v1/shipments', { params: { query: { limit: 2, cursor: first.data!.nextCursor! } } });
    const all = [...first.data!.items, ...second.data!.items].map((s) => s.orderNo);
    expect(new Set(all)).toEqual(new Set(['PAGE-1', 'PAGE-2', 'PAGE-3']));
    expect(second.data?.nextCursor).toBeNull();
  });

  it('authenticates callbacks: unsigned, forged and stale ones get 401', async () => {
    const body = new URLSearchParams({ message: '<CEB304Message/>' }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const send = (headers: Record<string, string>) => fetch(`${p.apiUrl}/v1/callbacks/single-window`, { method: 'POST', body, headers: { ...form, ...headers } });
    const unsigned = await send({});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'CALLBACK_SIGNATURE_MISSING' });
    const ts = String(Date.now());
    const forged = await send({ 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('wrong-secret', ts, body) });
    expect(await forged.json()).toMatchObject({ code: 'CALLBACK_SIGNATURE_INVALID' });
    const old = String(Date.now() - 3_600_000);
    const stale = await send({ 'x-cbec-timestamp': old, 'x-cbec-signature': signBody(p.config.SINGLE_WINDOW_CALLBACK_SECRET.reveal(), old, body) });
    expect(await stale.json()).toMatchObject({ code: 'CALLBACK_STALE' });
  });

  it('refuses a replayed callback (409) but accepts a re-signed retry of the same body', async () => {
    const body = JSON.stringify({ eventId: 'EV-REPLAY-1', reference: 'shipment:nobody:X', bookingNo: 'CRCD000001', event: 'PICKED_UP', location: 'Dazhou', at: new Date().toISOString() });
    const secret = p.config.RAIL_CALLBACK_SECRET.reveal();
    const signed = (ts: string) => ({ 'content-type': 'application/json', 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(secret, ts, body) });
    const send = (headers: Record<string, string>) => fetch(`${p.apiUrl}/v1/callbacks/rail`, { method: 'POST', body, headers });
    const headers = signed(String(Date.now()));
    expect((await send(headers)).status).toBe(200);
    const replay = await send(headers);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ code: 'CALLBACK_REPLAYED' });
    const retry = await send(signed(String(Date.now() + 1)));
    expect(retry.status).toBe(200);
    expect(await inboxMessages(p, { where: { system: 'rail' }, body })).toHaveLength(1);
  });

  it('reports health and serves its OpenAPI document', async () => {
    const health = await fetch(`${p.apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: true, temporal: true });
    const spec = (await (await fetch(`${p.apiUrl}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/shipments', '/v1/shipments/{id}', '/v1/shipments/{id}/corrections', '/v1/shipments/{id}/cancel']));
  });
});
