import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createTestDatabase } from '../test/support/db.js';
import { codecServerRoutes } from './codec-server.js';
import { payloadCodec } from './index.js';
import { codecSessions } from './sessions.js';

const config = loadConfig({ CBEC_ENV: 'development' });
const ops = `Bearer ${config.OPS_API_KEY.reveal()}`;
const UI = 'http://127.0.0.1:8233';
const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"buyer":"张三"}').toString('base64') };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let now = new Date('2026-12-01T08:00:00Z');
const apps: FastifyInstance[] = [];
async function codecApp(development: boolean): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(codecServerRoutes({ codec: payloadCodec(config), opsActorOf: async (req) => (req.headers.authorization === ops ? 'ops:break-glass' : undefined), auditLogin: async () => undefined, corsOrigins: config.CODEC_CORS_ORIGINS, sessions: codecSessions(database.db, { clock: () => now }), development }));
  apps.push(app);
  return app;
}
const login = async (app: FastifyInstance) => {
  const res = await app.inject({ method: 'POST', url: '/codec/session', headers: { authorization: ops } });
  expect(res.statusCode).toBe(204);
  return { setCookie: String(res.headers['set-cookie']), cookie: String(res.headers['set-cookie']).split(';')[0]! };
};
const encode = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/codec/encode', headers: { 'content-type': 'application/json', ...headers }, payload: { payloads: [plain] } });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database.drop();
});

describe('codec sessions (production)', () => {
  it('sets a random HttpOnly, SameSite, Secure session cookie: two logins, two ids', async () => {
    const app = await codecApp(false);
    const a = await login(app);
    const b = await login(app);
    expect(a.setCookie).toMatch(/HttpOnly/);
    expect(a.setCookie).toMatch(/SameSite=Strict/);
    expect(a.setCookie).toMatch(/; Secure/);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await encode(app, { cookie: a.cookie })).statusCode).toBe(200);
    expect((await encode(app, { cookie: b.cookie })).statusCode).toBe(200);
  });

  it('a cookie stops working after logout, on every replica, and the other session lives on', async () => {
    const app = await codecApp(false);
    const replica = await codecApp(false);
    const a = await login(app);
    const b = await login(app);
    const out = await app.inject({ method: 'DELETE', url: '/codec/session', headers: { cookie: a.cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await encode(app, { cookie: a.cookie })).statusCode).toBe(403);
    expect((await encode(replica, { cookie: a.cookie })).statusCode).toBe(403);
    expect((await encode(replica, { cookie: b.cookie })).statusCode).toBe(200);
  });

  it('a cookie stops working when its 8 hours are over', async () => {
    const app = await codecApp(false);
    const a = await login(app);
    now = new Date(now.getTime() + 8 * 3600_000 - 1000);
    expect((await encode(app, { cookie: a.cookie })).statusCode).toBe(200);
    now = new Date(now.getTime() + 2000);
    expect((await encode(app, { cookie: a.cookie })).statusCode).toBe(403);
  });

  it('stores only a hash of the session token', async () => {
    const app = await codecApp(false);
    const { cookie } = await login(app);
    const token = cookie.split('=')[1]!;
    const rows = await database.db.session.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('asks the Web UI to log in even from its own origin', async () => {
    const app = await codecApp(false);
    expect((await encode(app, { origin: UI })).statusCode).toBe(401);
  });
});

describe('codec in development on loopback: the local Web UI decodes out of the box', () => {
  it('answers the configured UI origin without a login, with CORS', async () => {
    const app = await codecApp(true);
    const preflight = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI, 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    const encoded = await encode(app, { origin: UI });
    expect(encoded.statusCode).toBe(200);
    expect(encoded.headers['access-control-allow-origin']).toBe(UI);
    const back = await app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: UI, 'content-type': 'application/json' }, payload: encoded.json() });
    expect(back.json()).toEqual({ payloads: [plain] });
  });

  it('still refuses other origins and callers without credentials; its cookie is not Secure (plain http on loopback)', async () => {
    const app = await codecApp(true);
    expect((await encode(app, { origin: 'http://evil.example' })).statusCode).toBe(401);
    expect((await encode(app, {})).statusCode).toBe(401);
    expect((await login(app)).setCookie).not.toMatch(/Secure/);
  });
});
