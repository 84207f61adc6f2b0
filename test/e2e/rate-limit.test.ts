/**
 * The API rate limit (issue 14 item 5): @fastify/rate-limit with a PostgreSQL store, keyed on the
 * authenticated identity. Two API instances on one database share the count; header variants of
 * one key are one identity; signed callbacks count per outside system with a ceiling a burst of
 * 10,000 milestones stays under; anonymous callers count per client address.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../adapters/kit/callbacks.js';
import { buildApp } from '../../api/app.js';
import { signedCallbackSystem } from '../../api/callback-identity.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { installRawBodyParser } from '../../api/callbacks/raw-body.js';
import { installErrorHandler } from '../../api/errors.js';
import { installRateLimit } from '../../api/rate-limit.js';
import { Secret } from '../../config/config.js';
import { startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ worker: false });
});
afterAll(async () => p?.stop());

const newKey = async (n: string) => {
  const key = `rl-${n}-${Math.random().toString(36).slice(2)}-0123456789`;
  await ensureEnterpriseWithKey(p.db, { id: p.enterpriseId, name: 'x', customsCode: 'x', key, label: `rl-${n}` });
  return key;
};

/** A clock that reads the start of the next one-minute window now and runs on from there: a test's requests all fall in one window, with no wait for it. */
function clockAtWindowStart(): () => number {
  const ahead = 60_000 - (Date.now() % 60_000);
  return () => Date.now() + ahead;
}

describe('the API rate limit', () => {
  it('is shared by two API instances on one database, counts header variants and keys of one enterprise as one identity, 429 RATE_LIMITED', async () => {
    const limit = 6;
    const config = { ...p.config, RATE_LIMIT_PER_MINUTE: limit };
    // both instances on one clock, at a window's start (a window ending mid-test would reset the count)
    const rateLimitClock = clockAtWindowStart();
    const [a, b] = await Promise.all([buildApp({ db: p.db, temporal: p.temporal, config, rateLimitClock }), buildApp({ db: p.db, temporal: p.temporal, config, rateLimitClock })]);
    try {
      const [key, secondKey] = [await newKey('a'), await newKey('b')];
      const variants = [`Bearer ${key}`, `bearer ${key}`, `BEARER   ${key}`, ` Bearer ${key} `, `Bearer ${secondKey}`, `Bearer ${key}`];
      for (const [i, authorization] of variants.entries()) {
        const app = i % 2 === 0 ? a : b;
        expect((await app.inject({ method: 'GET', url: '/v1/shipments', headers: { authorization } })).statusCode, authorization).toBe(200);
      }
      const over = await b.inject({ method: 'GET', url: '/v1/shipments', headers: { authorization: `bearer  ${secondKey}` } });
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      // counted before the body is read
      const post = await a.inject({ method: 'POST', url: '/v1/shipments', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{}' });
      expect(post.statusCode).toBe(429);
      // another enterprise is not affected; an unknown key counts against the address, not a fresh bucket
      expect((await a.inject({ method: 'GET', url: '/v1/enterprises/me', headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } })).statusCode).not.toBe(429);
      const rows = await p.db.rateLimitCounter.findMany({ where: { key: `enterprise:${p.enterpriseId}` } });
      expect(rows.at(-1)?.count).toBeGreaterThanOrEqual(limit + 2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('limits callers without a valid key per client address: random keys do not open new buckets', async () => {
    const app = await buildApp({ db: p.db, temporal: p.temporal, config: { ...p.config, RATE_LIMIT_ANONYMOUS_PER_MINUTE: 3 }, rateLimitClock: clockAtWindowStart() });
    try {
      const from = (authorization?: string) => app.inject({ method: 'GET', url: '/health', remoteAddress: '203.0.113.7', headers: authorization ? { authorization } : {} });
      const answers = [await from(), await from('Bearer random-key-000001'), await from('Bearer random-key-000002'), await from('Bearer random-key-000003')];
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
      expect((await app.inject({ method: 'GET', url: '/health', remoteAddress: '203.0.113.8' })).statusCode).toBe(200);
      // registration is anonymous too
      expect((await app.inject({ method: 'POST', url: '/v1/enterprises', remoteAddress: '203.0.113.7', payload: {} })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('signed callbacks', () => {
  const secret = 'rate-limit-test-secret-0001';
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    installErrorHandler(app);
    installRawBodyParser(app); // the callback route's own parser: the limit reads the body as the route does
    await installRateLimit(app, {
      db: p.db,
      ops: { db: p.db, breakGlassKey: new Secret('unused-break-glass-key-000000000000') },
      perMinute: 10,
      anonymousPerMinute: 5,
      callbacksPerMinute: p.config.RATE_LIMIT_CALLBACKS_PER_MINUTE,
      callbackSystem: (req) => signedCallbackSystem(req, new Map([['rail', { id: 'rail', kind: 'carrier' as const, secret: new Secret(secret) }]])),
    });
    app.post('/v1/callbacks/:system', async (_req, reply) => reply.code(204).send());
    await app.ready();
  });
  afterAll(async () => app?.close());

  it('a burst of 10,000 signed milestones from one system is not limited; unsigned ones are, per address', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const body = JSON.stringify({ reference: `BK-${i + j}`, event: 'DEPARTED' });
          const timestamp = String(Date.now());
          return app.inject({ method: 'POST', url: '/v1/callbacks/rail', payload: body, headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(secret, timestamp, body) } });
        }),
      );
      for (const r of batch) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 204: 10_000 });
    const counted = await p.db.rateLimitCounter.aggregate({ where: { key: 'callback:rail' }, _sum: { count: true } });
    expect(counted._sum.count).toBe(10_000); // all counted, under the system's ceiling
    const unsigned = [];
    for (let i = 0; i < 6; i++) unsigned.push((await app.inject({ method: 'POST', url: '/v1/callbacks/rail', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode);
    expect(unsigned).toEqual([204, 204, 204, 204, 204, 429]);
  });
});
