/**
 * Webhooks end to end: an endpoint registered through the API, a 9610 shipment run to the end,
 * its events at the example receiver (examples/webhook-receiver) in order with valid signatures,
 * the same events in GET /v1/events, the attempts log, replay and rotation, a dead receiver
 * disabled and the enterprise told; and the endpoint API under hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { startReceiver, type ReceivedEvent } from '../../examples/webhook-receiver/receiver.js';
import { callApi, eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';

let p: Platform;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const received: ReceivedEvent[] = [];
/** When each event reached the receiver (ms), by id. */
const arrivedAt = new Map<string, number>();
let secrets: string[] = [];

beforeAll(async () => {
  p = await startPlatform({ env: { WEBHOOK_DELIVERY_MS: '50' } });
  receiver = await startReceiver({ port: 0, secrets: () => secrets, onEvent: (e) => {
    received.push(e);
    arrivedAt.set(e.id, Date.now());
  } });
});
afterAll(async () => {
  receiver?.server.close();
  await p?.stop();
});

const call = (method: string, path: string, body?: unknown, key = p.apiKey) => callApi(p.apiUrl, method, path, key, body);

describe('webhooks', () => {
  let endpointId = '';

  it("deliver a 9610 shipment's events in order, signed, once each, the same as the feed", async () => {
    const created = await p.api.POST('/v1/webhook-endpoints', { body: { url: receiver.url, description: 'ERP', eventTypes: [] } });
    expect(created.response.status).toBe(201);
    expect(created.data!.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    secrets = [created.data!.secret];
    endpointId = created.data!.id;
    // shown once: never again in a read
    expect(JSON.stringify((await p.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: endpointId } } })).data)).not.toContain('whsec_');

    const id = (await p.api.POST('/v1/shipments', { body: shipment9610('HOOK-001') })).data!.id;
    const events = await eventually(async () => {
      const mine = received.filter((e) => e.shipmentId === id);
      return mine.some((e) => e.type === 'shipment.status_changed' && e.data.status === 'COMPLETED') ? mine : undefined;
    }, 'the COMPLETED event at the receiver');
    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['customs.released', 'transport.milestone', 'tax.recorded', 'fx.settled']));
    expect(receiver.stats).toMatchObject({ refused: 0, duplicates: 0 });

    const feed = await p.api.GET('/v1/events', { params: { query: { limit: 500 } } });
    expect(feed.data!.items.filter((e) => e.shipmentId === id).map((e) => e.id)).toEqual(events.map((e) => e.id));
    const releasedOnly = await p.api.GET('/v1/events', { params: { query: { types: 'customs.released' } } });
    expect(releasedOnly.data!.items.map((e) => e.type)).toEqual(['customs.released']);
    expect((await p.otherApi.GET('/v1/events', { params: { query: {} } })).data!.items).toEqual([]);

    // from the commit of the state change (the outbox row) to the receiver, polling every 50 ms
    const rows = await p.db.enterpriseEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, select: { id: true, createdAt: true } });
    const latencies = rows.map((r) => arrivedAt.get(r.id)! - r.createdAt.getTime()).sort((a, b) => a - b);
    expect(latencies.at(-1)).toBeLessThan(10_000);

    const attempts = await p.api.GET('/v1/webhook-endpoints/{id}/attempts', { params: { path: { id: endpointId }, query: { limit: 200 } } });
    expect(attempts.data!.items.length).toBeGreaterThanOrEqual(events.length);
    expect(attempts.data!.items.every((a) => a.ok && a.statusCode === 204 && a.latencyMs >= 0)).toBe(true);
  });

  it('replays an event and, after a rotation, signs with the old and the new secret', async () => {
    const old = secrets[0]!;
    const rotated = await p.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpointId } }, body: { graceHours: 1 } });
    expect(rotated.data!.secret).not.toBe(old);
    expect(rotated.data!.previousSecretValidUntil).toBeTruthy();
    // a receiver still on the old secret accepts the replay (both signatures are sent), so does one on the new
    const replayed = await p.api.POST('/v1/webhook-endpoints/{id}/replay', { params: { path: { id: endpointId } }, body: { eventId: received[0]!.id } });
    expect(replayed.data).toEqual({ queued: 1 });
    await eventually(async () => (receiver.stats.duplicates === 1 ? true : undefined), 'the replayed event at the receiver');
    secrets = [rotated.data!.secret];
    const since = await p.api.POST('/v1/webhook-endpoints/{id}/replay', { params: { path: { id: endpointId } }, body: { since: received[0]!.occurredAt } });
    expect(since.data!.queued).toBeGreaterThan(1);
    await eventually(async () => (receiver.stats.duplicates === 1 + since.data!.queued ? true : undefined), 'every replayed event');
    expect(receiver.stats.refused).toBe(0);
  });

  it('disables an endpoint that keeps failing and tells the enterprise', async () => {
    const dead = await p.api.POST('/v1/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/nobody', description: '', eventTypes: ['shipment.status_changed'] } });
    await p.api.POST('/v1/shipments', { body: shipment9610('HOOK-002', { logistics: { ...shipment9610('x').logistics, waybillNo: 'WBHOOK0002' } }) });
    // three business days of failures pass in about three seconds here (TIME_SCALE 86400)
    const disabled = await eventually(async () => {
      const ep = await p.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: dead.data!.id } } });
      return ep.data?.status === 'DISABLED' ? ep.data : undefined;
    }, 'the endpoint disabled');
    expect(disabled.disabledReason).toMatch(/ECONNREFUSED/);
    const told = await p.api.GET('/v1/events', { params: { query: { types: 'webhook_endpoint.disabled' } } });
    expect(told.data!.items.map((e) => e.data.endpointId)).toEqual([dead.data!.id]);
    const attempts = await p.api.GET('/v1/webhook-endpoints/{id}/attempts', { params: { path: { id: dead.data!.id }, query: {} } });
    expect(attempts.data!.items[0]).toMatchObject({ ok: false, statusCode: null, error: 'ECONNREFUSED' });
    // resumed: its waiting deliveries go again (and fail again: nothing listens)
    expect((await p.api.POST('/v1/webhook-endpoints/{id}/resume', { params: { path: { id: dead.data!.id } } })).data!.status).toBe('ACTIVE');
  });
});

describe('the webhook endpoint API under hostile input', () => {
  it("answers another enterprise's endpoint as unknown", async () => {
    const id = ((await call('GET', '/v1/webhook-endpoints')).body as { items: { id: string }[] }).items[0]!.id;
    const path = { params: { path: { id } } };
    const answers = await Promise.all([
      p.otherApi.GET('/v1/webhook-endpoints/{id}', path),
      p.otherApi.PATCH('/v1/webhook-endpoints/{id}', { ...path, body: { description: 'mine now' } }),
      p.otherApi.DELETE('/v1/webhook-endpoints/{id}', path),
      p.otherApi.POST('/v1/webhook-endpoints/{id}/pause', path),
      p.otherApi.POST('/v1/webhook-endpoints/{id}/rotate-secret', { ...path, body: { graceHours: 1 } }),
      p.otherApi.POST('/v1/webhook-endpoints/{id}/replay', { ...path, body: { since: '2020-01-01T00:00:00Z' } }),
      p.otherApi.GET('/v1/webhook-endpoints/{id}/attempts', { params: { path: { id }, query: {} } }),
    ]);
    expect(answers.map((a) => a.response.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await p.otherApi.GET('/v1/webhook-endpoints')).data!.items).toEqual([]);
    expect((await p.api.GET('/v1/webhook-endpoints/{id}', path)).data).toMatchObject({ status: 'ACTIVE', description: 'ERP' });
  });

  it('refuses bad URLs, unknown types, extra fields and huge bodies with a code and the field', async () => {
    const bad = await call('POST', '/v1/webhook-endpoints', { url: 'not a url' });
    expect(bad).toMatchObject({ status: 422, body: { code: 'WEBHOOK_URL_INVALID', fields: [{ path: 'body.url' }] } });
    expect((await call('POST', '/v1/webhook-endpoints', { url: receiver.url, eventTypes: ['shipment.exploded'] })).status).toBe(400);
    expect((await call('POST', '/v1/webhook-endpoints', { url: receiver.url, secret: 'whsec_mine' })).status).toBe(400);
    expect((await call('POST', '/v1/webhook-endpoints', { url: `https://example.com/${'a'.repeat(2 * 1024 * 1024)}` })).status).toBe(413);
    expect((await call('POST', `/v1/webhook-endpoints/we_x/replay`, {})).status).toBe(400);
  });

  it('outside development refuses plain HTTP and private, loopback, link-local and mapped addresses', async () => {
    const app = await buildApp({ db: p.db, temporal: p.temporal, config: { ...p.config, development: false, WEBHOOK_DELIVERY_MS: 0, SLA_WATCH_MS: 0 } });
    try {
      for (const [url, code] of [
        ['http://example.com/hook', 'WEBHOOK_URL_NOT_HTTPS'], ['https://127.0.0.1/hook', 'WEBHOOK_URL_PRIVATE'], ['https://[::1]/hook', 'WEBHOOK_URL_PRIVATE'],
        ['https://[::ffff:10.0.0.1]/hook', 'WEBHOOK_URL_PRIVATE'], ['https://169.254.169.254/', 'WEBHOOK_URL_PRIVATE'], ['https://[fe80::1%25eth0]/hook', 'WEBHOOK_URL_INVALID'],
      ] as const) {
        const res = await app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: { authorization: `Bearer ${p.apiKey}` }, payload: { url } });
        expect([res.statusCode, (res.json() as { code: string }).code], url).toEqual([422, code]);
      }
    } finally {
      await app.close();
    }
  });
});
