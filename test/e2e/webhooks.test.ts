/**
 * Webhooks end to end: an endpoint registered through the API, a 9610 shipment run to the end,
 * its events at the example receiver (examples/webhook-receiver) in order with valid signatures,
 * the same events in GET /v1/events, the attempts log, replay and rotation, a dead receiver
 * disabled and the enterprise told; and the endpoint API under hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createCbecClient } from '../../api/client/index.js';
import { appendEvent } from '../../db/events.js';
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
    // the feed shows it once no older transaction on the database server is still open (docs/webhooks.md)
    const told = await eventually(async () => {
      const feed = await p.api.GET('/v1/events', { params: { query: { types: 'webhook_endpoint.disabled' } } });
      return feed.data?.items.length ? feed.data.items : undefined;
    }, 'the webhook_endpoint.disabled event in the feed');
    expect(told.map((e) => e.data.endpointId)).toEqual([dead.data!.id]);
    const attempts = await p.api.GET('/v1/webhook-endpoints/{id}/attempts', { params: { path: { id: dead.data!.id }, query: {} } });
    expect(attempts.data!.items[0]).toMatchObject({ ok: false, statusCode: null, error: 'ECONNREFUSED' });
    // resumed: its waiting deliveries go again (and fail again: nothing listens)
    expect((await p.api.POST('/v1/webhook-endpoints/{id}/resume', { params: { path: { id: dead.data!.id } } })).data!.status).toBe('ACTIVE');
  });
});

describe('the audit trail of endpoint changes', () => {
  it('records create, update, pause, resume, rotate-secret, replay and delete once each, by the enterprise, without the secret', async () => {
    const url = `${receiver.url}/audited?token=receiver-side-token`;
    const created = await p.api.POST('/v1/webhook-endpoints', { body: { url, description: 'audited', eventTypes: ['customs.released'] } });
    const path = { params: { path: { id: created.data!.id } } };
    await p.api.PATCH('/v1/webhook-endpoints/{id}', { ...path, body: { description: 'renamed', eventTypes: ['customs.released', 'fx.settled'] } });
    await p.api.POST('/v1/webhook-endpoints/{id}/pause', path);
    await p.api.POST('/v1/webhook-endpoints/{id}/resume', path);
    const rotated = await p.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { ...path, body: { graceHours: 2 } });
    await p.api.POST('/v1/webhook-endpoints/{id}/replay', { ...path, body: { since: '2020-01-01T00:00:00Z' } });
    expect((await p.api.DELETE('/v1/webhook-endpoints/{id}', path)).response.status).toBe(200);
    // refused changes are not audited
    expect((await p.otherApi.POST('/v1/webhook-endpoints/{id}/pause', path)).response.status).toBe(404);

    const ops = createCbecClient(p.apiUrl, p.config.OPS_API_KEY.reveal());
    const entries = (await ops.GET('/v1/ops/audit', { params: { query: { limit: 10_000 } } })).data!.entries.filter((e) => e.subjectId === created.data!.id);
    expect(entries.map((e) => e.action)).toEqual(['created', 'updated', 'paused', 'resumed', 'secret_rotated', 'replayed', 'deleted'].map((a) => `webhook_endpoint.${a}`));
    expect(new Set(entries.map((e) => `${e.actor} ${e.subjectType}`))).toEqual(new Set([`enterprise:${p.enterpriseId} webhook-endpoint`]));
    expect(entries[0]!.detail).toMatchObject({ urlOrigin: new URL(receiver.url).origin, eventTypes: ['customs.released'] });
    expect(entries[1]!.detail).toMatchObject({ changed: ['description', 'eventTypes'], eventTypes: ['customs.released', 'fx.settled'] });
    expect(entries[2]!.detail).toEqual({ from: 'ACTIVE' });
    expect(entries[5]!.detail).toMatchObject({ since: '2020-01-01T00:00:00.000Z', queued: expect.any(Number) });
    const text = JSON.stringify(entries);
    for (const secret of [created.data!.secret, rotated.data!.secret]) expect(text).not.toContain(secret.slice(6));
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain('receiver-side-token');
    expect(text).not.toContain('renamed');
    expect((await ops.GET('/v1/ops/audit/verification')).data).toMatchObject({ ok: true });
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
        // credentials, odd ports, other spellings of loopback and private addresses, names that resolve to them, IDN
        ['https://user:pw@example.com/hook', 'WEBHOOK_URL_INVALID'], ['https://hook@example.com/', 'WEBHOOK_URL_INVALID'], ['https://example.com:0/hook', 'WEBHOOK_URL_INVALID'],
        ['https://example.com:65536/hook', 'WEBHOOK_URL_INVALID'], ['https://127.0.0.1:8443/hook', 'WEBHOOK_URL_PRIVATE'], ['https://0x7f.1/hook', 'WEBHOOK_URL_PRIVATE'],
        ['https://2130706433/hook', 'WEBHOOK_URL_PRIVATE'], ['https://%31%32%37.0.0.1/hook', 'WEBHOOK_URL_PRIVATE'], ['https://[::ffff:7f00:1]/hook', 'WEBHOOK_URL_PRIVATE'],
        ['https://[64:ff9b::a00:1]/hook', 'WEBHOOK_URL_PRIVATE'], ['https://[2002:a00:1::]/hook', 'WEBHOOK_URL_PRIVATE'], ['https://[fd00::1]:8443/hook', 'WEBHOOK_URL_PRIVATE'],
        ['https://[::]/hook', 'WEBHOOK_URL_PRIVATE'], ['https://localhost/hook', 'WEBHOOK_URL_PRIVATE'], ['https://bücher.invalid/hook', 'WEBHOOK_URL_UNRESOLVABLE'],
        ['ftp://example.com/hook', 'WEBHOOK_URL_NOT_HTTPS'], ['javascript:alert(1)', 'WEBHOOK_URL_NOT_HTTPS'], ['https://example.com/hook#frag', 'WEBHOOK_URL_INVALID'],
      ] as const) {
        const res = await app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: { authorization: `Bearer ${p.apiKey}` }, payload: { url } });
        expect([res.statusCode, (res.json() as { code: string }).code], url).toEqual([422, code]);
        expect((res.json() as { fields: { path: string }[] }).fields, url).toEqual([expect.objectContaining({ path: 'body.url' })]);
      }
      // the same checks on a change of URL; the endpoint keeps its URL
      const ep = (await p.api.GET('/v1/webhook-endpoints')).data!.items[0]!;
      const patched = await app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${ep.id}`, headers: { authorization: `Bearer ${p.apiKey}` }, payload: { url: 'https://[::ffff:192.168.1.1]/x' } });
      expect([patched.statusCode, (patched.json() as { code: string }).code]).toEqual([422, 'WEBHOOK_URL_PRIVATE']);
      expect((await p.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: ep.id } } })).data!.url).toBe(ep.url);
    } finally {
      await app.close();
    }
  });

  it('refuses overlong URLs, bad event type lists and descriptions, and keeps IDN and unicode as given', async () => {
    const before = await p.db.webhookEndpoint.count();
    const refused = async (body: unknown, field: string) => {
      const res = await call('POST', '/v1/webhook-endpoints', body);
      expect([res.status, (res.body as { code: string }).code], JSON.stringify(body).slice(0, 80)).toEqual([400, 'VALIDATION_FAILED']);
      expect((res.body as { fields: { path: string }[] }).fields.map((f) => f.path), JSON.stringify(body).slice(0, 80)).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)));
    };
    await refused({ url: `http://127.0.0.1:4400/${'a'.repeat(2000)}` }, 'body.url');
    await refused({ url: '' }, 'body.url');
    await refused({ url: 42 }, 'body.url');
    await refused({ url: receiver.url, eventTypes: ['fx.settled', 'fx.settled'] }, 'body.eventTypes');
    await refused({ url: receiver.url, eventTypes: 'fx.settled' }, 'body.eventTypes');
    await refused({ url: receiver.url, eventTypes: null }, 'body.eventTypes');
    await refused({ url: receiver.url, eventTypes: Array.from({ length: 51 }, () => 'fx.settled') }, 'body.eventTypes');
    await refused({ url: receiver.url, eventTypes: ['FX.SETTLED'] }, 'body.eventTypes');
    await refused({ url: receiver.url, eventTypes: [{ $ne: '' }] }, 'body.eventTypes');
    await refused({ url: receiver.url, description: 'x'.repeat(501) }, 'body.description');
    await refused({ url: receiver.url, description: 'nul \u0000 inside' }, 'body.description');
    await refused({ url: receiver.url, description: ['a'] }, 'body.description');
    expect(await p.db.webhookEndpoint.count()).toBe(before);

    // development parses without resolving: an IDN host is kept in its ASCII (punycode) form; unicode descriptions round-trip
    const description = '\u202e\u0644\u0627 ERP 仓库 \ud83d\udca9\u200b';
    const idn = await call('POST', '/v1/webhook-endpoints', { url: 'http://bücher.example:8080/hook', description });
    expect(idn).toMatchObject({ status: 201, body: { url: 'http://xn--bcher-kva.example:8080/hook', description } });
    const v6 = await call('POST', '/v1/webhook-endpoints', { url: 'http://[::1]:9/hook' });
    expect(v6).toMatchObject({ status: 201, body: { url: 'http://[::1]:9/hook' } });
    for (const id of [(idn.body as { id: string }).id, (v6.body as { id: string }).id]) expect((await call('DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(200);
  });

  it('refuses malformed replay requests and replays nothing of another enterprise', async () => {
    const id = ((await call('GET', '/v1/webhook-endpoints')).body as { items: { id: string }[] }).items[0]!.id;
    const replay = (body: unknown) => call('POST', `/v1/webhook-endpoints/${id}/replay`, body);
    for (const [body, field] of [
      [{}, 'body.eventId'], [{ eventId: received[0]!.id, since: '2020-01-01T00:00:00Z' }, 'body.eventId'], [{ since: '2026-02-30T00:00:00Z' }, 'body.since'],
      [{ since: '2026-01-01T00:00:00' }, 'body.since'], [{ since: 'yesterday' }, 'body.since'], [{ since: 1_700_000_000 }, 'body.since'], [{ eventId: "evt_' OR '1'='1" }, 'body.eventId'],
      [{ eventId: `evt_${'x'.repeat(61)}` }, 'body.eventId'], [{ eventId: received[0]!.id, extra: 1 }, 'body'],
    ] as const) {
      const res = await replay(body);
      expect([res.status, (res.body as { code: string }).code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      expect((res.body as { fields: { path: string }[] }).fields.map((f) => f.path).join(' '), JSON.stringify(body)).toContain(field);
    }
    // a time after every event, one before any: nothing and everything retained (never an error)
    expect((await replay({ since: '9999-12-31T23:59:59+14:00' })).body).toEqual({ queued: 0 });
    expect((await replay({ since: '0001-01-01T00:00:00Z' })).status).toBe(200);
    // another enterprise's event id is as unknown as a made-up one
    await appendEvent(p.db, { id: 'evt_other_enterprise_1', enterpriseId: `${p.enterpriseId}-other`, type: 'stock.received', orderingKey: 'stock:other', occurredAt: new Date(), data: {} });
    expect((await replay({ eventId: 'evt_other_enterprise_1' })).body).toEqual({ queued: 0 });
  });
});
