/**
 * Console sign-in for people (issue 19 item 2): POST/GET/DELETE /v1/session, the session cookie
 * on existing routes with the same tenant isolation, CSRF on state changes, the VIEWER role,
 * ops people, revocation, expiry, hostile input and the security headers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import { SIGN_IN_WINDOW_MS } from '../../api/people-sign-in.js';
import { rateWindow } from '../../api/rate-limit-store.js';
import { CONTENT_SECURITY_POLICY } from '../../api/security-headers.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { browser, type Browser } from '../support/browser.js';
import { DEMO_OPS, DEMO_PERSON, ensureDemoPeople } from '../../scripts/lib/demo-people.js';

let p: Platform;
const tag = Math.random().toString(36).slice(2, 8);
const password = 'correct horse battery staple';
const people = { admin: `admin-${tag}@dazhou.example`, viewer: `viewer-${tag}@dazhou.example`, other: `other-${tag}@elsewhere.example` };
let opsKey = '';
const tea = { sku: 'DZ-TEA-001', hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州市通川区茶叶合作社' };

beforeAll(async () => {
  p = await startPlatform({ worker: false });
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email: people.admin, name: '王芳', role: 'ADMIN', password, actor: 'test' });
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email: people.viewer, name: '李明', role: 'VIEWER', password, actor: 'test' });
  await ensurePersonWithPassword(p.db, { enterpriseId: `${p.enterpriseId}-other`, email: people.other, name: 'Other', role: 'ADMIN', password, actor: 'test' });
  opsKey = (await createOpsPerson(p.db, { name: `ops-${tag}`, role: 'OPERATOR', actor: 'test' })).key;
});
afterAll(async () => p?.stop());

async function signedIn(email: string): Promise<Browser> {
  const b = browser(p.apiUrl);
  const res = await b.call('POST', '/v1/session', { email, password });
  expect(res.status).toBe(200);
  return b;
}

describe('an enterprise person signs in and out', () => {
  it('signs in: identity, CSRF token and an HttpOnly SameSite=Strict cookie; the session reads the enterprise’s data', async () => {
    const b = browser(p.apiUrl);
    const res = await b.call('POST', '/v1/session', { email: people.admin.toUpperCase(), password });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({ kind: 'enterprise', personId: expect.any(String), name: '王芳', email: people.admin, role: 'ADMIN', enterpriseId: p.enterpriseId, enterpriseName: expect.any(String), enterpriseStatus: 'APPROVED' });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cbec_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\//);
    expect(cookie).not.toMatch(/Secure/); // development (tests); production adds Secure
    // the token is stored only as its hash
    expect(JSON.stringify(await p.db.session.findMany())).not.toContain(b.cookie!);

    expect(await b.call('GET', '/v1/session')).toMatchObject({ status: 200, body: { identity: { personId: res.body.identity.personId, role: 'ADMIN' }, csrfToken: res.body.csrfToken } });
    expect(await b.call('GET', '/v1/enterprises/me')).toMatchObject({ status: 200, body: { id: p.enterpriseId } });
    expect((await b.call('GET', '/v1/shipments')).status).toBe(200);

    const audit = await p.db.auditEntry.findFirst({ where: { action: 'session.signed_in', subjectId: res.body.identity.personId } });
    expect(audit).toMatchObject({ actor: `person:${res.body.identity.personId}`, subjectType: 'person' });
    expect(JSON.stringify([audit?.actor, audit?.subjectId, audit?.detail])).not.toContain(password);
  });

  it('sets the Secure flag outside development (the one development switch)', async () => {
    const production = await buildApp({ db: p.db, temporal: p.temporal, config: { ...p.config, development: false } });
    try {
      const res = await production.inject({ method: 'POST', url: '/v1/session', payload: { email: people.admin, password } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['set-cookie']).toMatch(/^cbec_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Secure; Max-Age=43200$/);
    } finally {
      await production.close();
    }
  });

  it('signing in again from the same browser ends its previous session', async () => {
    const b = await signedIn(people.admin);
    const first = b.cookie!;
    expect((await b.call('POST', '/v1/session', { email: people.admin, password })).status).toBe(200);
    expect(b.cookie).not.toBe(first);
    expect((await browser(p.apiUrl, first).call('GET', '/v1/session')).status).toBe(401);
    expect((await b.call('GET', '/v1/session')).status).toBe(200);
  });

  it('answers a wrong password, an unknown email and a person without a password alike: 401 INVALID_CREDENTIALS, audited without the password', async () => {
    await p.db.person.create({ data: { id: `person-nopw-${tag}`, enterpriseId: p.enterpriseId, email: `invited-${tag}@dazhou.example`, name: 'Invited', role: 'OPERATOR', createdBy: 'test' } });
    const answers = [];
    for (const body of [{ email: people.admin, password: 'wrong password 123' }, { email: `nobody-${tag}@dazhou.example`, password }, { email: `invited-${tag}@dazhou.example`, password }]) {
      const b = browser(p.apiUrl);
      const res = await b.call('POST', '/v1/session', body);
      expect(res.headers.get('set-cookie')).toBeNull();
      answers.push({ status: res.status, body: res.body });
    }
    expect(answers[0]).toEqual({ status: 401, body: { code: 'INVALID_CREDENTIALS', message: expect.any(String), fields: [] } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const failures = await p.db.auditEntry.findMany({ where: { action: 'session.sign_in_failed' } });
    expect(failures.length).toBeGreaterThanOrEqual(3);
    const written = JSON.stringify(failures.map((f) => [f.actor, f.subjectId, f.detail]));
    expect(written).not.toContain('wrong password');
    expect(written).not.toContain(`nobody-${tag}`);
  });

  it('signs out: 204, the cookie cleared and the session refused at once, even when replayed', async () => {
    const b = await signedIn(people.admin);
    const stolen = b.cookie!;
    expect((await b.call('DELETE', '/v1/session')).body).toMatchObject({ code: 'CSRF_TOKEN_INVALID' }); // sign-out needs the token too
    const out = await b.call('DELETE', '/v1/session', undefined, { csrf: true });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^cbec_session=; .*Max-Age=0/);
    const replay = browser(p.apiUrl, stolen);
    expect(await replay.call('GET', '/v1/session')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await replay.call('GET', '/v1/shipments')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    // signing out again: 401, and the cookie is cleared all the same
    const again = await replay.call('DELETE', '/v1/session');
    expect(again).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(again.headers.get('set-cookie')).toMatch(/^cbec_session=; .*Max-Age=0/);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'session.signed_out' }, orderBy: { seq: 'desc' } })).toMatchObject({ subjectType: 'person' });
  });

  it('refuses a session after two idle hours, and at once when the person is disabled', async () => {
    const idle = await signedIn(people.admin);
    await p.db.session.updateMany({ where: { revokedAt: null, kind: 'enterprise' }, data: { lastSeenAt: new Date(Date.now() - 2 * 3600_000 - 1000) } });
    expect((await idle.call('GET', '/v1/session')).status).toBe(401);

    const b = await signedIn(people.viewer);
    expect((await b.call('GET', '/v1/session')).status).toBe(200);
    await p.db.person.update({ where: { email: people.viewer }, data: { disabledAt: new Date() } });
    expect((await b.call('GET', '/v1/shipments')).status).toBe(401);
    expect((await browser(p.apiUrl).call('POST', '/v1/session', { email: people.viewer, password })).status).toBe(401);
    await p.db.person.update({ where: { email: people.viewer }, data: { disabledAt: null } });
  });
});

describe('state changes with a session', () => {
  it('need the session’s own x-csrf-token: without it, or with another session’s, 403 CSRF_TOKEN_INVALID and nothing written', async () => {
    const b = await signedIn(people.admin);
    const other = await signedIn(people.admin);
    const before = await p.db.product.count();
    expect(await b.call('POST', '/v1/products', tea)).toMatchObject({ status: 403, body: { code: 'CSRF_TOKEN_INVALID', fields: [{ path: 'headers.x-csrf-token' }] } });
    expect((await b.call('POST', '/v1/products', tea, { csrfToken: other.csrfToken! })).body).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect(await p.db.product.count()).toBe(before);
    const created = await b.call('POST', '/v1/products', tea, { csrf: true });
    expect(created.status).toBe(201);
    expect(await p.db.product.count()).toBe(before + 1);
    // a machine's API key needs no CSRF token
    expect((await p.api.GET('/v1/products/{id}', { params: { path: { id: created.body.id } } })).response.status).toBe(200);
  });

  it('a VIEWER reads but may change nothing (403 ROLE_REQUIRED), and may sign out', async () => {
    const b = await signedIn(people.viewer);
    expect((await b.call('GET', '/v1/products')).status).toBe(200);
    const before = await p.db.product.count();
    expect(await b.call('POST', '/v1/products', { ...tea, sku: 'VIEWER-1' }, { csrf: true })).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });
    expect(await p.db.product.count()).toBe(before);
    expect((await b.call('DELETE', '/v1/session', undefined, { csrf: true })).status).toBe(204);
  });

  it('sees only its own enterprise: another enterprise’s product is 404 and its list empty', async () => {
    const own = await p.db.product.findFirstOrThrow({ where: { enterpriseId: p.enterpriseId } });
    const b = await signedIn(people.other);
    expect((await b.call('GET', `/v1/products/${own.id}`)).status).toBe(404);
    const list = await b.call('GET', '/v1/products');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(own.id);
    expect(await b.call('GET', '/v1/ops/me')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});

describe('an ops person signs in with their own key', () => {
  it('reaches ops routes with the session, not enterprise routes; the break-glass key opens no session', async () => {
    const b = browser(p.apiUrl);
    const res = await b.call('POST', '/v1/session', { opsKey });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({ kind: 'ops', personId: expect.any(String), name: `ops-${tag}`, role: 'OPERATOR' });
    expect(await b.call('GET', '/v1/ops/me')).toMatchObject({ status: 200, body: { name: `ops-${tag}`, role: 'OPERATOR' } });
    expect((await b.call('GET', '/v1/enterprises?status=PENDING')).status).toBe(200);
    expect(await b.call('GET', '/v1/shipments')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // an ops action with the session needs the CSRF token, then is audited as the person
    const id = `ent-sess-${tag}`;
    await p.db.enterprise.create({ data: { id, name: 'Session test', customsCode: `59${tag}9`.slice(0, 10), status: 'PENDING' } });
    expect((await b.call('POST', `/v1/enterprises/${id}/approval`, { decision: 'REJECT' })).body).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect((await b.call('POST', `/v1/enterprises/${id}/approval`, { decision: 'REJECT' }, { csrf: true })).status).toBe(200);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'enterprise.rejected', subjectId: id } })).toMatchObject({ actor: `ops:ops-${tag}` });

    expect(await browser(p.apiUrl).call('POST', '/v1/session', { opsKey: p.config.OPS_API_KEY.reveal() })).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect((await browser(p.apiUrl).call('POST', '/v1/session', { opsKey: `${opsKey}x` })).status).toBe(401);
  });
});

describe('the session works wherever the key does', () => {
  const spec = JSON.parse(readFileSync(new URL('../../api/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  // every GET without path parameters that takes credentials (the documents with parameters are covered above)
  const reads = Object.entries(spec.paths)
    .filter(([path, ops]) => ops.get && !path.includes('{') && !(Array.isArray(ops.get.security) && ops.get.security.length === 0) && path !== '/v1/session')
    .map(([path]) => path);

  it('answers every read with the same status for an enterprise key and its ADMIN’s session, and for an ops key and that person’s session', async () => {
    expect(reads.length).toBeGreaterThanOrEqual(20);
    const enterprise = await signedIn(people.admin);
    const ops = browser(p.apiUrl);
    expect((await ops.call('POST', '/v1/session', { opsKey })).status).toBe(200);
    const differ: string[] = [];
    for (const path of reads) {
      const [byKey, bySession, byOpsKey, byOpsSession] = [
        (await fetch(`${p.apiUrl}${path}`, { headers: { authorization: `Bearer ${p.apiKey}` } })).status,
        (await enterprise.call('GET', path)).status,
        (await fetch(`${p.apiUrl}${path}`, { headers: { authorization: `Bearer ${opsKey}` } })).status,
        (await ops.call('GET', path)).status,
      ];
      // one difference by design: an ops key on an enterprise route is an unknown enterprise key
      // (401), an ops session there is a known person in the wrong place (403 FORBIDDEN, so the
      // console does not take it for a lapsed session)
      const opsAlike = byOpsKey === byOpsSession || (byOpsKey === 401 && byOpsSession === 403 && byKey === 200);
      if (byKey !== bySession || !opsAlike) differ.push(`${path}: enterprise key ${byKey} session ${bySession}; ops key ${byOpsKey} session ${byOpsSession}`);
    }
    expect(differ).toEqual([]);
  });
});

describe('the development demo people', () => {
  it('npm start creates a demo enterprise admin and an ops admin who sign in, in development only', async () => {
    await expect(ensureDemoPeople(p.db, p.enterpriseId, false)).rejects.toThrow(/development only/);
    await ensureDemoPeople(p.db, p.enterpriseId, true);
    await ensureDemoPeople(p.db, p.enterpriseId, true); // again at the next start: nothing changes
    expect(await browser(p.apiUrl).call('POST', '/v1/session', { email: DEMO_PERSON.email, password: DEMO_PERSON.password })).toMatchObject({ status: 200, body: { identity: { role: 'ADMIN', enterpriseId: p.enterpriseId } } });
    expect(await browser(p.apiUrl).call('POST', '/v1/session', { opsKey: DEMO_OPS.key })).toMatchObject({ status: 200, body: { identity: { kind: 'ops', role: 'ADMIN' } } });
  });
});

describe('hostile input', () => {
  it('refuses malformed sign-ins with 400 and the field at fault, sets no cookie', async () => {
    const cases: [unknown, string][] = [
      [{ email: `${'a'.repeat(300)}@dazhou.example`, password }, 'body.email'],
      [{ email: 'not-an-email', password }, 'body.email'],
      [{ email: people.admin, password: 'x'.repeat(10_000) }, 'body.password'],
      [{ email: people.admin }, 'body.password'],
      [{ email: people.admin, password: 12345678901234 }, 'body.password'],
      [{ email: people.admin, password, opsKey }, 'body.opsKey'],
      [{ email: people.admin, password, role: 'ADMIN' }, 'body'],
      [{}, 'body.email'],
    ];
    for (const [body, path] of cases) {
      const res = await browser(p.apiUrl).call('POST', '/v1/session', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields.map((f: { path: string }) => f.path)).toContain(path);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('treats a forged or malformed cookie as no session', async () => {
    for (const cookie of ['x', 'A'.repeat(43), `${'A'.repeat(42)}%`, 'a'.repeat(5000)]) {
      expect((await browser(p.apiUrl, cookie).call('GET', '/v1/session')).status).toBe(401);
    }
  });

  it('limits failed sign-ins per account and address: after 10 in 15 minutes, 429 RATE_LIMITED with Retry-After', async () => {
    // fixed windows: start the 10 failures in one window
    const window = rateWindow(Date.now(), SIGN_IN_WINDOW_MS);
    if (window.end - Date.now() < 30_000) await new Promise((r) => setTimeout(r, window.end - Date.now() + 10));
    const email = `target-${tag}@dazhou.example`;
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await browser(p.apiUrl).call('POST', '/v1/session', { email, password: `guess number ${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const limited = await browser(p.apiUrl).call('POST', '/v1/session', { email, password });
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // another account from the same address is not held up, and its successes do not add up
    for (let i = 0; i < 12; i++) expect((await browser(p.apiUrl).call('POST', '/v1/session', { email: people.admin, password })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends the Content-Security-Policy and its companions on every response, errors included', async () => {
    for (const path of ['/health', '/v1/session', '/v1/nowhere', '/docs']) {
      const res = await fetch(`${p.apiUrl}${path}`);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('the codec login page works under it: no inline script, its script served from /codec/login.js', async () => {
    const page = await fetch(`${p.apiUrl}/codec/login`);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).toContain('<script src="/codec/login.js"></script>');
    expect(html).not.toMatch(/<script>/);
    const script = await fetch(`${p.apiUrl}/codec/login.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("fetch('/codec/session'");
  });
});
