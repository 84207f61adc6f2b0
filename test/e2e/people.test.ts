/**
 * People of an enterprise (issue 19 item 2): the first admin named at registration sets a
 * password once ops approved; an ADMIN invites colleagues with roles, changes roles and disables
 * them; invitation tokens work once and expire; every change is audited without personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import { usccCheckChar } from '../../domain/registry/uscc.js';
import { browser, type Browser } from '../support/browser.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
const tag = String(Math.floor(1000 + Math.random() * 9000));
const password = 'a long enough passphrase';
const adminEmail = `admin-${tag}@dazhou.example`;
let admin: Browser;
let opsKey = '';

beforeAll(async () => {
  p = await startPlatform({ worker: false });
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email: adminEmail, name: '王芳', role: 'ADMIN', password, actor: 'test' });
  await ensurePersonWithPassword(p.db, { enterpriseId: `${p.enterpriseId}-other`, email: `other-${tag}@elsewhere.example`, name: 'Other', role: 'ADMIN', password, actor: 'test' });
  opsKey = (await createOpsPerson(p.db, { name: `ops-${tag}`, role: 'ADMIN', actor: 'test' })).key;
  admin = browser(p.apiUrl);
  expect((await admin.call('POST', '/v1/session', { email: adminEmail, password })).status).toBe(200);
});
afterAll(async () => p?.stop());

function registration(n: number, admin?: { email: string; name: string }) {
  const first17 = `915117${String(n).padStart(2, '0')}MA6${tag}000`.slice(0, 17);
  return {
    name: `达州人员测试有限公司 ${tag}-${n}`,
    uscc: first17 + usccCheckChar(first17),
    customsCode: `5117${tag}${n}`.slice(0, 10).padEnd(10, '0'),
    roles: ['ECOMMERCE'],
    contacts: [{ name: '李四', phone: '13800000000' }],
    ...(admin ? { admin } : {}),
  };
}

const footprint = async () => ({ people: await p.db.person.count(), invitations: await p.db.invitation.count(), enterprises: await p.db.enterprise.count(), audit: await p.db.auditEntry.count() });

describe('the first admin of a registering enterprise', () => {
  it('gets a setup token that works once ops approved: before, 409 ENTERPRISE_NOT_APPROVED and the token kept', async () => {
    const email = `first-${tag}@newco.example`;
    const registered = await callApi(p.apiUrl, 'POST', '/v1/enterprises', undefined, registration(1, { email: email.toUpperCase(), name: '张三' }));
    expect(registered.status).toBe(201);
    const { enterprise, adminSetup } = registered.body as { enterprise: { id: string }; adminSetup: { personId: string; token: string; expiresAt: string } };
    expect(adminSetup.token).toMatch(/^cbec_inv_/);
    expect(new Date(adminSetup.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(await p.db.person.findUniqueOrThrow({ where: { id: adminSetup.personId } })).toMatchObject({ email, role: 'ADMIN', enterpriseId: enterprise.id, passwordHash: null });
    expect(JSON.stringify(await p.db.invitation.findMany())).not.toContain(adminSetup.token);

    const early = browser(p.apiUrl);
    expect(await early.call('POST', '/v1/invitations/accept', { token: adminSetup.token, password })).toMatchObject({ status: 409, body: { code: 'ENTERPRISE_NOT_APPROVED' } });
    expect(early.cookie).toBeUndefined();

    expect((await callApi(p.apiUrl, 'POST', `/v1/enterprises/${enterprise.id}/approval`, opsKey, { decision: 'APPROVE' })).status).toBe(200);
    const b = browser(p.apiUrl);
    expect(await b.call('POST', '/v1/invitations/accept', { token: adminSetup.token, password: 'short' })).toMatchObject({ status: 400, body: { code: 'PASSWORD_POLICY', fields: [{ path: 'body.password' }] } });
    expect(await b.call('POST', '/v1/invitations/accept', { token: adminSetup.token, password: email })).toMatchObject({ status: 400, body: { code: 'PASSWORD_POLICY' } });
    const accepted = await b.call('POST', '/v1/invitations/accept', { token: adminSetup.token, password });
    expect(accepted.status).toBe(200);
    expect(accepted.body.identity).toMatchObject({ kind: 'enterprise', email, role: 'ADMIN', enterpriseId: enterprise.id, enterpriseStatus: 'APPROVED' });
    expect(await b.call('GET', '/v1/enterprises/me')).toMatchObject({ status: 200, body: { id: enterprise.id } });
    // once only
    expect(await browser(p.apiUrl).call('POST', '/v1/invitations/accept', { token: adminSetup.token, password: 'another long passphrase' })).toMatchObject({ status: 400, body: { code: 'INVITATION_INVALID' } });
    // and the password signs in
    expect((await browser(p.apiUrl).call('POST', '/v1/session', { email, password })).status).toBe(200);
    const audit = await p.db.auditEntry.findFirst({ where: { action: 'person.password_set', subjectId: adminSetup.personId } });
    expect(JSON.stringify(audit?.detail)).not.toContain(password);
  });

  it('is optional: a registration without an admin answers as before; a taken admin email is 409 and writes nothing', async () => {
    const plain = await callApi(p.apiUrl, 'POST', '/v1/enterprises', undefined, registration(2));
    expect(plain.status).toBe(201);
    expect(plain.body).not.toHaveProperty('adminSetup');
    const before = await footprint();
    const taken = await callApi(p.apiUrl, 'POST', '/v1/enterprises', undefined, registration(3, { email: adminEmail, name: 'Someone' }));
    expect(taken).toMatchObject({ status: 409, body: { code: 'PERSON_EXISTS', fields: [{ path: 'body.admin.email' }] } });
    expect(await footprint()).toEqual(before);
    const bad = await callApi(p.apiUrl, 'POST', '/v1/enterprises', undefined, registration(4, { email: 'not an email', name: '' }));
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(expect.arrayContaining(['body.admin.email', 'body.admin.name']));
    expect(await footprint()).toEqual(before);
  });
});

describe('an ADMIN manages the enterprise’s people', () => {
  it('invites an operator who sets a password and signs in; the token is shown once and stored hashed', async () => {
    const email = `operator-${tag}@dazhou.example`;
    const invited = await admin.call('POST', '/v1/people', { email, name: '赵六', role: 'OPERATOR' }, { csrf: true });
    expect(invited.status).toBe(201);
    expect(invited.body.person).toMatchObject({ email, role: 'OPERATOR', status: 'INVITED', disabledAt: null });
    const { token, expiresAt } = invited.body.invitation;
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(JSON.stringify(await p.db.invitation.findMany())).not.toContain(token);
    const entry = await p.db.auditEntry.findFirst({ where: { action: 'person.invited', subjectId: invited.body.person.id } });
    expect(entry?.actor).toMatch(/^person:/);
    expect(JSON.stringify(entry?.detail)).not.toContain(email);

    const op = browser(p.apiUrl);
    expect(await op.call('POST', '/v1/invitations/accept', { token, password })).toMatchObject({ status: 200, body: { identity: { role: 'OPERATOR', email } } });
    const list = await admin.call('GET', '/v1/people');
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ email, status: 'ACTIVE' })]));
    // an operator acts but does not manage people
    expect(await op.call('GET', '/v1/people')).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });
    expect(await op.call('POST', '/v1/people', { email: `x-${tag}@dazhou.example`, name: 'X', role: 'ADMIN' }, { csrf: true })).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });
  });

  it('changes a role (effective on the next request) and disables a person (sessions end at once); each audited', async () => {
    const email = `changing-${tag}@dazhou.example`;
    const invited = await admin.call('POST', '/v1/people', { email, name: '钱七', role: 'OPERATOR' }, { csrf: true });
    const id = invited.body.person.id as string;
    const b = browser(p.apiUrl);
    expect((await b.call('POST', '/v1/invitations/accept', { token: invited.body.invitation.token, password })).status).toBe(200);
    const tea = { sku: `ROLE-${tag}`, hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州市通川区茶叶合作社' };

    expect(await admin.call('PATCH', `/v1/people/${id}`, { role: 'VIEWER' }, { csrf: true })).toMatchObject({ status: 200, body: { role: 'VIEWER', status: 'ACTIVE' } });
    expect((await b.call('POST', '/v1/products', tea, { csrf: true })).body).toMatchObject({ code: 'ROLE_REQUIRED' });
    expect(await p.db.auditEntry.findFirst({ where: { action: 'person.role_changed', subjectId: id } })).toMatchObject({ detail: { from: 'OPERATOR', to: 'VIEWER' } });

    expect(await admin.call('PATCH', `/v1/people/${id}`, { disabled: true }, { csrf: true })).toMatchObject({ status: 200, body: { status: 'DISABLED' } });
    expect((await b.call('GET', '/v1/session')).status).toBe(401);
    expect(await p.db.session.count({ where: { personId: id, revokedAt: null } })).toBe(0);
    expect((await browser(p.apiUrl).call('POST', '/v1/session', { email, password })).status).toBe(401);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'person.disabled', subjectId: id } })).toMatchObject({ detail: { sessionsEnded: 1 } });

    expect(await admin.call('PATCH', `/v1/people/${id}`, { disabled: false }, { csrf: true })).toMatchObject({ status: 200, body: { status: 'ACTIVE' } });
    expect((await browser(p.apiUrl).call('POST', '/v1/session', { email, password })).status).toBe(200);
  });

  it('keeps one active ADMIN: the last one cannot step down or be disabled (409 LAST_ADMIN)', async () => {
    const me = (await admin.call('GET', '/v1/session')).body.identity.personId as string;
    expect(await admin.call('PATCH', `/v1/people/${me}`, { role: 'OPERATOR' }, { csrf: true })).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN', fields: [{ path: 'body.role' }] } });
    expect(await admin.call('PATCH', `/v1/people/${me}`, { disabled: true }, { csrf: true })).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    expect((await admin.call('GET', '/v1/session')).body.identity.role).toBe('ADMIN');
  });

  it('a new token replaces a lost one; an expired token is refused', async () => {
    const invited = await admin.call('POST', '/v1/people', { email: `lost-${tag}@dazhou.example`, name: '孙八', role: 'VIEWER' }, { csrf: true });
    const again = await admin.call('POST', `/v1/people/${invited.body.person.id}/invitation`, undefined, { csrf: true });
    expect(again.status).toBe(201);
    expect(await browser(p.apiUrl).call('POST', '/v1/invitations/accept', { token: invited.body.invitation.token, password })).toMatchObject({ status: 400, body: { code: 'INVITATION_INVALID' } });
    await p.db.invitation.updateMany({ where: { personId: invited.body.person.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await browser(p.apiUrl).call('POST', '/v1/invitations/accept', { token: again.body.invitation.token, password })).toMatchObject({ status: 400, body: { code: 'INVITATION_INVALID', fields: [{ path: 'body.token' }] } });
  });

  it('the enterprise API key manages people too (an enterprise that registered before people existed invites its first admin)', async () => {
    const res = await callApi(p.apiUrl, 'POST', '/v1/people', p.apiKey, { email: `bykey-${tag}@dazhou.example`, name: '周九', role: 'ADMIN' });
    expect(res.status).toBe(201);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'person.invited', subjectId: (res.body as { person: { id: string } }).person.id } })).toMatchObject({ actor: `enterprise:${p.enterpriseId}` });
  });

  it('sees and changes only its own enterprise’s people', async () => {
    const mine = await p.db.person.findUniqueOrThrow({ where: { email: adminEmail } });
    const other = browser(p.apiUrl);
    expect((await other.call('POST', '/v1/session', { email: `other-${tag}@elsewhere.example`, password })).status).toBe(200);
    expect(JSON.stringify((await other.call('GET', '/v1/people')).body)).not.toContain(adminEmail);
    expect(await other.call('PATCH', `/v1/people/${mine.id}`, { disabled: true }, { csrf: true })).toMatchObject({ status: 404, body: { code: 'PERSON_NOT_FOUND' } });
    expect(await other.call('POST', `/v1/people/${mine.id}/invitation`, undefined, { csrf: true })).toMatchObject({ status: 404 });
    expect((await p.db.person.findUniqueOrThrow({ where: { id: mine.id } })).disabledAt).toBeNull();
  });

  it('refuses bad input with 400 and the field at fault, writing nothing', async () => {
    const before = await footprint();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/people', { email: 'nope', name: 'X', role: 'OPERATOR' }, 'body.email'],
      ['POST', '/v1/people', { email: `${'a'.repeat(260)}@x.example`, name: 'X', role: 'OPERATOR' }, 'body.email'],
      ['POST', '/v1/people', { email: `y-${tag}@dazhou.example`, name: 'X', role: 'OWNER' }, 'body.role'],
      ['POST', '/v1/people', { email: `y-${tag}@dazhou.example`, name: 'x'.repeat(101), role: 'VIEWER' }, 'body.name'],
      ['POST', '/v1/people', { email: `y-${tag}@dazhou.example`, name: 'X', role: 'VIEWER', enterpriseId: 'ent-other' }, 'body'],
      ['PATCH', '/v1/people/someone', {}, 'body.role'],
      ['PATCH', '/v1/people/someone', { disabled: 'yes' }, 'body.disabled'],
      ['POST', '/v1/invitations/accept', { token: 'x'.repeat(5000), password }, 'body.token'],
      ['POST', '/v1/invitations/accept', { token: 'cbec_inv_unknown_token_value_000', password: 'p'.repeat(300) }, 'body.password'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await admin.call(method, path, body, { csrf: true });
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(res.body.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(await browser(p.apiUrl).call('POST', '/v1/invitations/accept', { token: 'cbec_inv_unknown_token_value_000', password })).toMatchObject({ status: 400, body: { code: 'INVITATION_INVALID' } });
    expect(await footprint()).toEqual(before);
  });
});

describe('ops people in the console', () => {
  it('an ops person re-keyed or disabled by an ops admin loses their console and codec sessions at once', async () => {
    const created = await createOpsPerson(p.db, { name: `ops-b-${tag}`, role: 'VIEWER', actor: 'test' });
    const b = browser(p.apiUrl);
    expect((await b.call('POST', '/v1/session', { opsKey: created.key })).status).toBe(200);
    expect((await b.call('GET', '/v1/ops/me')).status).toBe(200);
    const codecLogin = await fetch(`${p.apiUrl}/codec/session`, { method: 'POST', headers: { authorization: `Bearer ${created.key}` } });
    expect(codecLogin.status).toBe(204);
    const codecCookie = /^cbec_codec_session=[^;]+/.exec(codecLogin.headers.get('set-cookie') ?? '')![0];
    const decode = () => fetch(`${p.apiUrl}/codec/decode`, { method: 'POST', headers: { cookie: codecCookie, 'content-type': 'application/json' }, body: JSON.stringify({ payloads: [] }) });
    expect((await decode()).status).toBe(200);
    expect((await callApi(p.apiUrl, 'POST', `/v1/ops/people/${created.person.id}/key`, opsKey, {})).status).toBe(201);
    expect((await b.call('GET', '/v1/ops/me')).status).toBe(401);
    expect((await decode()).status).toBe(403);
    const rekeyed = await p.db.opsPerson.findUniqueOrThrow({ where: { id: created.person.id } });
    expect(rekeyed.disabledAt).toBeNull();
    expect(await p.db.session.count({ where: { kind: 'ops', personId: created.person.id, revokedAt: null } })).toBe(0);

    // with the new key again, then disabled
    const again = browser(p.apiUrl);
    const rekeyed2 = await callApi(p.apiUrl, 'POST', `/v1/ops/people/${created.person.id}/key`, opsKey, {});
    const newKey = (rekeyed2.body as { key: string }).key;
    expect((await again.call('POST', '/v1/session', { opsKey: newKey })).status).toBe(200);
    expect((await callApi(p.apiUrl, 'DELETE', `/v1/ops/people/${created.person.id}`, opsKey)).status).toBe(200);
    expect((await again.call('GET', '/v1/ops/me')).status).toBe(401);
    expect(await again.call('POST', '/v1/session', { opsKey: newKey })).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
  });
});
