/**
 * Ops accountability (issue 14 item 8) and the smaller gaps of item 10: per-person ops keys with
 * roles checked in one place, the acting person taken from the key, every ops action in the audit
 * trail, expiring keys, enterprise keys minted only by ops, approval checks on every write, and
 * /metrics and /v1/credit/models for ops only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { cbec } from '../../cli/test-support.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
const keys: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
const tag = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  p = await startPlatform({ worker: false });
  for (const role of ['VIEWER', 'OPERATOR', 'ADMIN'] as const) {
    const issued = await createOpsPerson(p.db, { name: `${role.toLowerCase()}-${tag}`, role, actor: 'test' });
    keys[role.toLowerCase() as keyof typeof keys] = issued.key;
  }
});
afterAll(async () => p?.stop());

async function call(method: string, path: string, key: string | undefined, body?: unknown) {
  const res = await callApi(p.apiUrl, method, path, key, body);
  return { status: res.status, body: (typeof res.body === 'object' && res.body !== null ? res.body : { text: res.text }) as Record<string, any> };
}

const lastAudit = () => p.db.auditEntry.findFirst({ orderBy: { seq: 'desc' } });

async function pendingEnterprise(n: number): Promise<string> {
  const id = `ent-ops-${tag}-${n}`;
  await p.db.enterprise.create({ data: { id, name: `Ops test ${n}`, customsCode: `59${tag}${n}`.slice(0, 10), status: 'PENDING' } });
  return id;
}

describe('ops roles, checked in one place', () => {
  it('a viewer reads but cannot act; nothing is written', async () => {
    const id = await pendingEnterprise(1);
    expect((await call('GET', '/v1/enterprises?status=PENDING', keys.viewer)).status).toBe(200);
    expect((await call('GET', '/v1/ops/audit/verification', keys.viewer)).status).toBe(200);
    expect(await call('GET', '/v1/ops/callbacks/dead-letters?limit=5', keys.viewer)).toMatchObject({ status: 200, body: { items: expect.any(Array) } });
    expect(await call('GET', '/v1/ops/callbacks/dead-letters?cursor=last-page', keys.viewer)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const before = await p.db.auditEntry.count();
    const decided = await call('POST', `/v1/enterprises/${id}/approval`, keys.viewer, { decision: 'APPROVE' });
    expect(decided).toMatchObject({ status: 403, body: { code: 'OPS_ROLE_REQUIRED' } });
    expect((await call('POST', '/v1/credit/negative-list', keys.viewer, { enterpriseId: id, reason: 'x' })).status).toBe(403);
    expect((await call('POST', '/v1/ops/summaries', keys.viewer, { period: '2026-01' })).status).toBe(403);
    expect((await call('POST', '/v1/ops/people', keys.viewer, { name: 'someone', role: 'ADMIN' })).status).toBe(403);
    expect((await p.db.enterprise.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    expect(await p.db.auditEntry.count()).toBe(before);
  });

  it('an operator acts, recorded as the person behind the key whatever the body says', async () => {
    const id = await pendingEnterprise(2);
    const decided = await call('POST', `/v1/enterprises/${id}/approval`, keys.operator, { decision: 'APPROVE', operator: 'someone-else' });
    expect(decided.status).toBe(200);
    expect((decided.body.enterprise as { approvedBy: string }).approvedBy).toBe(`ops:operator-${tag}`);
    const issued = await p.db.auditEntry.findFirst({ where: { action: 'apikey.issued', detail: { path: ['enterpriseId'], equals: id } } });
    expect(issued?.actor).toBe(`ops:operator-${tag}`);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'enterprise.approved', subjectId: id } })).toMatchObject({ actor: `ops:operator-${tag}` });
    // managing ops people is for admins
    expect((await call('GET', '/v1/ops/people', keys.operator)).body).toMatchObject({ code: 'OPS_ROLE_REQUIRED' });
  });

  it('an admin manages people: create (key once), re-key (old key stops), disable; each audited', async () => {
    const created = await call('POST', '/v1/ops/people', keys.admin, { name: `li-${tag}`, role: 'OPERATOR', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const person = created.body.person as { id: string; role: string; expiresAt: string };
    expect(person.role).toBe('OPERATOR');
    expect(new Date(person.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const first = created.body.key as string;
    expect(await call('GET', '/v1/ops/me', first)).toMatchObject({ status: 200, body: { name: `li-${tag}`, role: 'OPERATOR' } });
    expect(await lastAudit()).toMatchObject({ actor: `ops:admin-${tag}`, action: 'ops_person.created', subjectId: person.id });
    expect(JSON.stringify((await lastAudit())?.detail)).not.toContain(first);

    const rekeyed = await call('POST', `/v1/ops/people/${person.id}/key`, keys.admin, {});
    expect(rekeyed.status).toBe(201);
    expect((await call('GET', '/v1/ops/me', first)).status).toBe(403);
    expect((await call('GET', '/v1/ops/me', rekeyed.body.key as string)).status).toBe(200);
    expect((await lastAudit())?.action).toBe('ops_person.key_issued');

    expect((await call('DELETE', `/v1/ops/people/${person.id}`, keys.admin)).status).toBe(200);
    expect((await call('GET', '/v1/ops/me', rekeyed.body.key as string)).status).toBe(403);
    expect(await lastAudit()).toMatchObject({ actor: `ops:admin-${tag}`, action: 'ops_person.disabled' });
  });

  it('an expired ops key is refused with 401 CREDENTIAL_EXPIRED', async () => {
    const issued = await createOpsPerson(p.db, { name: `old-${tag}`, role: 'ADMIN', actor: 'test' });
    await p.db.opsPerson.update({ where: { id: issued.person.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await call('GET', '/v1/ops/me', issued.key)).toMatchObject({ status: 401, body: { code: 'CREDENTIAL_EXPIRED' } });
  });

  it('the break-glass OPS_API_KEY acts as ops:break-glass, audited like anyone', async () => {
    const id = await pendingEnterprise(3);
    expect((await call('POST', `/v1/enterprises/${id}/approval`, p.config.OPS_API_KEY.reveal(), { decision: 'REJECT' })).status).toBe(200);
    expect(await p.db.auditEntry.findFirst({ where: { action: 'enterprise.rejected', subjectId: id } })).toMatchObject({ actor: 'ops:break-glass' });
  });

  it('`cbec ops create-admin` creates the first admin against the database and prints the key once', async () => {
    const env = { DATABASE_URL: p.config.DATABASE_URL! };
    const r = await cbec(['ops', 'create-admin', `first-${tag}`, '--days', '7'], { env });
    expect(r.code).toBe(0);
    const key = r.stdout.trim();
    expect(await call('GET', '/v1/ops/me', key)).toMatchObject({ status: 200, body: { name: `first-${tag}`, role: 'ADMIN' } });
    expect((await lastAudit())?.actor).toMatch(/^cli:/);
    expect((await cbec(['ops', 'create-admin', `first-${tag}`], { env })).code).toBe(1); // the name is taken
    const recovered = await cbec(['ops', 'rekey', `first-${tag}`], { env });
    expect(recovered.code).toBe(0);
    expect((await call('GET', '/v1/ops/me', key)).status).toBe(403);
    expect((await call('GET', '/v1/ops/me', recovered.stdout.trim())).status).toBe(200);
  });
});

describe('ops actions in the audit trail', () => {
  it('negative listing and lifting are audited without the free-text reason', async () => {
    const id = await pendingEnterprise(4);
    expect((await call('POST', '/v1/credit/negative-list', keys.operator, { enterpriseId: id, reason: 'REASON-TEXT-4711' })).status).toBe(200);
    const listed = await lastAudit();
    expect(listed).toMatchObject({ actor: `ops:operator-${tag}`, action: 'enterprise.negative_listed', subjectId: id });
    expect(JSON.stringify(listed?.detail)).not.toContain('REASON-TEXT-4711');
    expect((await call('DELETE', `/v1/credit/negative-list/${id}`, keys.operator)).status).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: 'enterprise.negative_list_lifted', subjectId: id });
  });

  it('a codec login is audited', async () => {
    const res = await fetch(`${p.apiUrl}/codec/session`, { method: 'POST', headers: { authorization: `Bearer ${keys.viewer}` } });
    expect(res.status).toBe(204);
    expect(await lastAudit()).toMatchObject({ actor: `ops:viewer-${tag}`, action: 'codec.login' });
  });

  it('the codec server refuses before it reads a body: no key and 16 MiB is still a quick 401', async () => {
    const res = await fetch(`${p.apiUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(8 * 1024 * 1024) });
    expect(res.status).toBe(401);
  });
});

describe('enterprise keys', () => {
  it('an enterprise key cannot mint keys; an operator can, with an expiry the enterprise sees (no secret)', async () => {
    const self = await call('POST', `/v1/enterprises/${p.enterpriseId}/keys`, p.apiKey, { label: 'more' });
    expect(self).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const issued = await call('POST', `/v1/enterprises/${p.enterpriseId}/keys`, keys.operator, { label: 'erp', expiresInDays: 30 });
    expect(issued.status).toBe(201);
    const me = await call('GET', '/v1/enterprises/me', p.apiKey);
    const listed = (me.body.apiKeys as { id: string; issuedBy: string; expiresAt: string }[]).find((k) => k.id === issued.body.id);
    expect(listed).toMatchObject({ issuedBy: `ops:operator-${tag}`, expiresAt: issued.body.expiresAt });
    expect(JSON.stringify(me.body)).not.toContain(issued.body.key as string);
    expect(await lastAudit()).toMatchObject({ actor: `ops:operator-${tag}`, action: 'apikey.issued', subjectId: issued.body.id });
  });

  it('an expired enterprise key is refused with 401 API_KEY_EXPIRED', async () => {
    const key = `expiring-${tag}-0123456789`;
    await ensureEnterpriseWithKey(p.db, { id: p.enterpriseId, name: 'x', customsCode: 'x', key, label: 'expiring' });
    await p.db.apiKey.updateMany({ where: { label: 'expiring', enterpriseId: p.enterpriseId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await call('GET', '/v1/shipments', key)).toMatchObject({ status: 401, body: { code: 'API_KEY_EXPIRED' } });
  });
});

describe('approval checks on every write (issue 14 item 10)', () => {
  const entry = { warehouseCode: 'CD-BWH-01', entryNo: 'ENTRY-1', lines: [{ sku: 'SKU-1', name: '精华液', qty: 5 }] };

  it.each(['REJECTED', 'NEGATIVE_LISTED'])('a %s enterprise cannot create stock entries, products or batches; nothing written', async (state) => {
    const id = `ent-w-${tag}-${state.toLowerCase().slice(0, 3)}`;
    const key = `write-${tag}-${state}-0123456789`;
    await ensureEnterpriseWithKey(p.db, { id, name: id, customsCode: `${id}`.slice(-10), key });
    if (state === 'REJECTED') await p.db.enterprise.update({ where: { id }, data: { status: 'REJECTED' } });
    else await p.db.negativeListEntry.create({ data: { enterpriseId: id, reason: 'test', listedBy: 'test' } });
    const code = state === 'REJECTED' ? 'ENTERPRISE_NOT_APPROVED' : 'ENTERPRISE_NEGATIVE_LISTED';
    expect(await call('POST', '/v1/stock-entries', key, entry)).toMatchObject({ status: 403, body: { code } });
    expect(await call('POST', '/v1/products', key, { sku: 'SKU-1', hsCode: '3304990099', name: 'x', spec: '30 ml', origin: '142', manufacturer: 'x' })).toMatchObject({ status: 403, body: { code } });
    expect(await p.db.stockEntry.count({ where: { enterpriseId: id } })).toBe(0);
    expect(await p.db.product.count({ where: { enterpriseId: id } })).toBe(0);
    await expect(p.temporal.workflow.getHandle(`stock-entry:${id}:ENTRY-1`).describe()).rejects.toThrow();
  });
});

describe('internal figures are for ops only (issue 14 item 10)', () => {
  it.each(['/metrics', '/v1/credit/models'])('%s: 401 without a key, 403 with an enterprise key, 200 for an ops viewer', async (path) => {
    expect((await call('GET', path, undefined)).status).toBe(401);
    expect((await call('GET', path, p.apiKey)).status).toBe(403);
    expect((await call('GET', path, keys.viewer)).status).toBe(200);
  });
});
