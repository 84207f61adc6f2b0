/**
 * API keys from the web console (issue 19 item 3): an ADMIN person of the enterprise, signed in,
 * issues a key (shown once) and revokes it; a person below ADMIN, another enterprise's person, a
 * request without a session and the enterprise's own key cannot mint one, and nothing is written.
 * And what the ops pages read: summary declarations with their filing deadlines, the reconciliation
 * alerts a page at a time, the negative list with reasons a page at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';
import { browser, type Browser } from '../support/browser.js';

let p: Platform;
const tag = Math.random().toString(36).slice(2, 8);
const password = 'console keys password 1';
const people = { admin: `keys-admin-${tag}@dazhou.example`, operator: `keys-op-${tag}@dazhou.example`, other: `keys-other-${tag}@elsewhere.example` };

beforeAll(async () => {
  p = await startPlatform({ worker: false });
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email: people.admin, name: '王芳', role: 'ADMIN', password, actor: 'test' });
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email: people.operator, name: '张敏', role: 'OPERATOR', password, actor: 'test' });
  await ensurePersonWithPassword(p.db, { enterpriseId: `${p.enterpriseId}-other`, email: people.other, name: 'Other', role: 'ADMIN', password, actor: 'test' });
});
afterAll(async () => p?.stop());

async function signedIn(email: string): Promise<Browser> {
  const b = browser(p.apiUrl);
  expect((await b.call('POST', '/v1/session', { email, password })).status).toBe(200);
  return b;
}

const keysOf = () => p.db.apiKey.count({ where: { enterpriseId: p.enterpriseId } });

describe('POST /v1/enterprises/{id}/keys from a console session', () => {
  it('an ADMIN person issues a key, shown once, that works; the enterprise lists it without the secret; the person revokes it', async () => {
    const admin = await signedIn(people.admin);
    const issued = await admin.call('POST', `/v1/enterprises/${p.enterpriseId}/keys`, { label: `erp-${tag}`, expiresInDays: 90 }, { csrf: true });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^cbec_/);
    const personId = (await admin.call('GET', '/v1/session')).body.identity.personId as string;

    const me = await callApi(p.apiUrl, 'GET', '/v1/enterprises/me', issued.body.key as string);
    expect(me.status).toBe(200);
    const listed = (me.body as { apiKeys: { id: string; label: string; issuedBy: string }[] }).apiKeys.find((k) => k.id === issued.body.id);
    expect(listed).toMatchObject({ label: `erp-${tag}`, issuedBy: `person:${personId}` });
    expect(me.text).not.toContain(issued.body.key as string);
    const audit = await p.db.auditEntry.findFirst({ where: { action: 'apikey.issued', subjectId: issued.body.id as string } });
    expect(audit?.actor).toBe(`person:${personId}`);

    const revoked = await admin.call('DELETE', `/v1/enterprises/${p.enterpriseId}/keys/${issued.body.id as string}`, undefined, { csrf: true });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await callApi(p.apiUrl, 'GET', '/v1/enterprises/me', issued.body.key as string)).status).toBe(401);
  });

  it('refuses an OPERATOR person, another enterprise’s ADMIN, no session, a missing CSRF token and the enterprise’s own key; nothing written', async () => {
    const before = await keysOf();
    const operator = await signedIn(people.operator);
    const path = `/v1/enterprises/${p.enterpriseId}/keys`;
    expect(await operator.call('POST', path, { label: 'x' }, { csrf: true })).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED', fields: [{ path: 'role' }] } });
    const other = await signedIn(people.other);
    expect(await other.call('POST', path, { label: 'x' }, { csrf: true })).toMatchObject({ status: 404, body: { code: 'ENTERPRISE_NOT_FOUND' } });
    const admin = await signedIn(people.admin);
    expect(await admin.call('POST', path, { label: 'x' })).toMatchObject({ status: 403, body: { code: 'CSRF_TOKEN_INVALID' } });
    expect((await callApi(p.apiUrl, 'POST', path, undefined, { label: 'x' })).status).toBe(401);
    expect(await callApi(p.apiUrl, 'POST', path, p.apiKey, { label: 'x' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // a bad body from an ADMIN: 400 with the field at fault
    const bad = await admin.call('POST', path, { label: 'x', expiresInDays: -1 }, { csrf: true });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path)).toEqual(['body.expiresInDays']);
    expect(await keysOf()).toBe(before);
  });
});

describe('GET /v1/ops/summaries', () => {
  it('gives each summary declaration its filing deadline: the end of day SUMMARY_DEADLINE_DAY (China time) of the next month', async () => {
    const viewer = (await createOpsPerson(p.db, { name: `summaries-${tag}`, role: 'VIEWER', actor: 'test' })).key;
    await p.db.customsSummary.create({ data: { copNo: `COP-${tag}`, enterpriseId: p.enterpriseId, period: '2026-12', workflowId: `summary-${tag}`, status: 'AWAITING_RESULTS', invtNos: [] } });
    const res = await callApi(p.apiUrl, 'GET', `/v1/ops/summaries?period=2026-12&enterpriseId=${encodeURIComponent(p.enterpriseId)}`, viewer);
    expect(res.status).toBe(200);
    const day = p.config.SUMMARY_DEADLINE_DAY + 1;
    const endOfDeadlineDay = new Date(`2027-01-${String(day).padStart(2, '0')}T00:00:00+08:00`).toISOString();
    expect((res.body as { items: unknown[] }).items).toEqual([expect.objectContaining({ copNo: `COP-${tag}`, status: 'AWAITING_RESULTS', deadline: endOfDeadlineDay })]);
  });
});

describe('GET /v1/risk/hits?ruleIds=&before=', () => {
  it('lists the open reconciliation alerts only, newest first, a page at a time; a bad cursor is a 400 on its field', async () => {
    const viewer = (await createOpsPerson(p.db, { name: `alerts-${tag}`, role: 'VIEWER', actor: 'test' })).key;
    const hit = (n: number, ruleId: string) => ({ shipmentId: `shipment:${p.enterpriseId}:ALERT-${tag}-${n}`, enterpriseId: p.enterpriseId, ruleId, ruleVersion: 1, severity: 'HIGH', explanation: `hit ${n}` });
    await p.db.riskHit.create({ data: hit(1, 'FX_NOT_MATCHING_DECLARATION') });
    await p.db.riskHit.create({ data: hit(2, 'HIGH_VALUE_NEW_BUYER') });
    await p.db.riskHit.create({ data: hit(3, 'TAX_NOT_MATCHING_ORDER') });
    const path = `/v1/risk/hits?status=OPEN&enterpriseId=${encodeURIComponent(p.enterpriseId)}&ruleIds=FX_NOT_MATCHING_DECLARATION,TAX_NOT_MATCHING_ORDER&limit=1`;
    const first = (await callApi(p.apiUrl, 'GET', path, viewer)).body as { items: { explanation: string }[]; nextBefore: string | null };
    expect(first.items.map((h) => h.explanation)).toEqual(['hit 3']);
    expect(first.nextBefore).toEqual(expect.any(String));
    const second = (await callApi(p.apiUrl, 'GET', `${path}&before=${first.nextBefore}`, viewer)).body as typeof first;
    expect(second.items.map((h) => h.explanation)).toEqual(['hit 1']);
    expect(second.nextBefore).toBeNull();
    const bad = await callApi(p.apiUrl, 'GET', `${path}&before=x1`, viewer);
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['querystring.before']);
  });
});

describe('GET /v1/credit/negative-list', () => {
  it('lists the enterprises listed now, newest first with reason and who listed them, a page at a time; a lifted listing is gone', async () => {
    const viewer = (await createOpsPerson(p.db, { name: `negative-${tag}`, role: 'VIEWER', actor: 'test' })).key;
    const ids = [1, 2, 3].map((n) => `ent-neg-${tag}-${n}`);
    for (const [n, id] of ids.entries()) {
      await p.db.enterprise.create({ data: { id, name: `失信测试 ${n + 1}`, customsCode: `N${tag}${n}`.slice(0, 10) } });
      await p.db.negativeListEntry.create({ data: { enterpriseId: id, reason: `reason ${n + 1}`, listedBy: 'ops:test', listedAt: new Date(Date.UTC(2026, 10, 1 + n)) } });
    }
    await p.db.negativeListEntry.update({ where: { enterpriseId: ids[1]! }, data: { liftedAt: new Date(), liftedBy: 'ops:test' } });
    const mine = <T extends { enterpriseId: string }>(items: T[]) => items.filter((i) => ids.includes(i.enterpriseId));
    const first = (await callApi(p.apiUrl, 'GET', '/v1/credit/negative-list?limit=1', viewer)).body as { items: { enterpriseId: string; enterpriseName: string; reason: string; listedBy: string }[]; nextCursor: string | null };
    expect(first.items).toEqual([{ enterpriseId: ids[2], enterpriseName: '失信测试 3', reason: 'reason 3', listedAt: '2026-11-03T00:00:00.000Z', listedBy: 'ops:test' }]);
    const rest = (await callApi(p.apiUrl, 'GET', `/v1/credit/negative-list?limit=200&cursor=${first.nextCursor}`, viewer)).body as typeof first;
    expect(mine(rest.items).map((i) => i.reason)).toEqual(['reason 1']);
    const bad = await callApi(p.apiUrl, 'GET', '/v1/credit/negative-list?cursor=nope', viewer);
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['querystring.cursor']);
  });
});
