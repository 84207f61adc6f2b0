import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import createClient from 'openapi-fetch';
import { createCbecClient, type CbecClient, type components, type paths } from '../../api/client/index.js';
import { usccCheckChar } from '../../domain/registry/uscc.js';
import { cbec, run } from '../../cli/test-support.js';
import { control } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';

type Registration = components['schemas']['EnterpriseRegistrationInput'];

let p: Platform;
let ops: CbecClient;
/** No Authorization header at all: registration needs no key. */
let anon: ReturnType<typeof createClient<paths>>;
// digits only: valid in a USCC (which excludes I, O, Z, S, V) and in a customs code
const tag = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
const dir = mkdtempSync(path.join(tmpdir(), 'cbec-audit-'));

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  ops = createCbecClient(p.apiUrl, p.config.OPS_API_KEY.reveal());
  anon = createClient<paths>({ baseUrl: p.apiUrl });
});
afterAll(async () => p?.stop());

/** A valid USCC (check character computed) that differs per test run and per `n`. */
function uscc(n: number): string {
  const first17 = `915117${String(n).padStart(2, '0')}MA6${tag}000`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}
const customsCode = (n: number) => `511796${tag}`.slice(0, 6) + `${tag}${n}`.slice(-4).padStart(4, '0');

function registration(n: number, change: Partial<Registration> = {}): Registration {
  return {
    name: `达州测试供应链有限公司 ${tag}-${n}`,
    uscc: uscc(n),
    customsCode: customsCode(n),
    roles: ['ECOMMERCE', 'LOGISTICS'],
    contacts: [{ name: '李四', title: '关务主管', phone: '13800000000', email: 'li.si@example.cn' }],
    ...change,
  };
}

/** Counts of what a refused request must not have written. */
async function footprint() {
  return { enterprises: await p.db.enterprise.count(), keys: await p.db.apiKey.count(), audit: await p.db.auditEntry.count() };
}

async function register(n: number, change: Partial<Registration> = {}) {
  const res = await anon.POST('/v1/enterprises', { body: registration(n, change) });
  expect(res.response.status).toBe(201);
  return res.data!;
}

async function approve(id: string) {
  const res = await ops.POST('/v1/enterprises/{id}/approval', { params: { path: { id } }, body: { decision: 'APPROVE', operator: 'ops-wang' } });
  expect(res.response.status).toBe(200);
  return res.data!;
}

const entriesFor = (subjectId: string) => p.db.auditEntry.findMany({ where: { subjectId }, orderBy: { seq: 'asc' } });

describe('enterprise registry', () => {
  it('registers an enterprise with a valid USCC as PENDING, without a key and without warnings', async () => {
    const { enterprise, warnings } = await register(1);
    expect(enterprise).toMatchObject({ status: 'PENDING', uscc: uscc(1), customsCode: customsCode(1), roles: ['ECOMMERCE', 'LOGISTICS'], usccWarning: null, apiKeys: [] });
    expect(warnings).toEqual([]);
    const [entry] = await entriesFor(enterprise.id);
    expect(entry).toMatchObject({ actor: 'public', action: 'enterprise.registered', subjectType: 'enterprise' });
    // contacts are personal data: not in the audit trail
    expect(JSON.stringify(entry!.detail)).not.toMatch(/李四|13800000000|example\.cn/);
  });

  it('accepts a USCC whose check character fails, with a stored and returned warning', async () => {
    const first17 = uscc(2).slice(0, 17);
    const wrong = first17 + (usccCheckChar(first17) === '1' ? '2' : '1');
    const { enterprise, warnings } = await register(2, { uscc: wrong.toLowerCase() });
    expect(enterprise.uscc).toBe(wrong); // normalised to upper case
    expect(enterprise.status).toBe('PENDING');
    expect(enterprise.usccWarning).toMatch(/^USCC_CHECK_FAILED: /);
    expect(warnings).toEqual([expect.objectContaining({ code: 'USCC_CHECK_FAILED', path: 'body.uscc' })]);
    expect((await p.db.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).usccWarning).toBe(enterprise.usccWarning);
  });

  it('refuses a registration with the customs code (409) or USCC (409) of an approved enterprise and writes nothing', async () => {
    await approve((await register(11)).enterprise.id);
    const before = await footprint();
    const sameCode = await anon.POST('/v1/enterprises', { body: registration(3, { customsCode: customsCode(11) }) });
    expect(sameCode.response.status).toBe(409);
    expect(sameCode.error).toMatchObject({ code: 'CUSTOMS_CODE_TAKEN', fields: [{ path: 'body.customsCode' }] });
    const sameUscc = await anon.POST('/v1/enterprises', { body: registration(3, { uscc: uscc(11) }) });
    expect(sameUscc.response.status).toBe(409);
    expect(sameUscc.error).toMatchObject({ code: 'USCC_TAKEN', fields: [{ path: 'body.uscc' }] });
    expect(await footprint()).toEqual(before);
  });

  it.each([
    ['a USCC of the wrong shape', { uscc: '91110000600037341' }, 'body.uscc'],
    ['a USCC with a letter the standard excludes', { uscc: '9111000060003734IL' }, 'body.uscc'],
    ['a customs code of 9 characters', { customsCode: '511796000' }, 'body.customsCode'],
    ['an unknown role', { roles: ['ECOMMERCE', 'SHIPPER'] }, 'body.roles.1'],
    ['a role twice', { roles: ['ECOMMERCE', 'ECOMMERCE'] }, 'body.roles.1'],
    ['no roles', { roles: [] }, 'body.roles'],
    ['a contact without phone or email', { contacts: [{ name: '王五' }] }, 'body.contacts.0.phone'],
  ])('refuses %s with 400 and the field at fault, writing nothing', async (_what, change, field) => {
    const before = await footprint();
    const res = await anon.POST('/v1/enterprises', { body: registration(4, change as Partial<Registration>) });
    expect(res.response.status).toBe(400);
    expect(res.error?.code).toBe('VALIDATION_FAILED');
    expect(res.error?.fields.map((f) => f.path)).toContain(field);
    expect(await footprint()).toEqual(before);
  });

  it('lets only ops decide: 401 without a key, 403 with an enterprise key (or any other); approval issues a key shown once', async () => {
    const { enterprise } = await register(5);
    const body = { decision: 'APPROVE' as const, operator: 'ops-wang' };
    const before = await footprint();
    const none = await fetch(`${p.apiUrl}/v1/enterprises/${enterprise.id}/approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const asEnterprise = await p.api.POST('/v1/enterprises/{id}/approval', { params: { path: { id: enterprise.id } }, body });
    expect(asEnterprise.response.status).toBe(403);
    expect(asEnterprise.error).toMatchObject({ code: 'FORBIDDEN' });
    expect((await p.api.GET('/v1/enterprises')).response.status).toBe(403);
    expect(await footprint()).toEqual(before);

    const { enterprise: approved, apiKey } = await approve(enterprise.id);
    // the acting person comes from the ops key (here the break-glass key), not from the body
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: 'ops:break-glass' });
    expect(apiKey?.key).toMatch(/^cbec_/);
    const stored = await p.db.apiKey.findUniqueOrThrow({ where: { id: apiKey!.id } });
    expect(stored.keyHash).not.toContain(apiKey!.key); // stored hashed only
    expect(JSON.stringify((await p.db.auditEntry.findMany({ where: { subjectId: { in: [enterprise.id, apiKey!.id] } } })).map((e) => e.detail))).not.toContain(apiKey!.key);

    const me = await createCbecClient(p.apiUrl, apiKey!.key).GET('/v1/enterprises/me');
    expect(me.data).toMatchObject({ id: enterprise.id, status: 'APPROVED', apiKeys: [{ id: apiKey!.id, revokedAt: null }] });
    expect(JSON.stringify(me.data)).not.toContain(apiKey!.key);
    const again = await ops.POST('/v1/enterprises/{id}/approval', { params: { path: { id: enterprise.id } }, body });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'ENTERPRISE_ALREADY_DECIDED', fields: [{ path: 'body.decision' }] });
    expect((await entriesFor(enterprise.id)).map((e) => e.action)).toEqual(['enterprise.registered', 'enterprise.approved']);

    const listed = await ops.GET('/v1/enterprises', { params: { query: { status: 'APPROVED', limit: 200 } } });
    expect(listed.data?.items.map((e) => e.id)).toContain(enterprise.id);
    expect((await ops.GET('/v1/enterprises/{id}', { params: { path: { id: enterprise.id } } })).data?.status).toBe('APPROVED');
    expect((await ops.GET('/v1/enterprises/{id}', { params: { path: { id: 'ent-nobody' } } })).error).toMatchObject({ code: 'ENTERPRISE_NOT_FOUND' });
  });

  it('refuses shipments from a PENDING enterprise and from a REJECTED one (403 ENTERPRISE_NOT_APPROVED), writing nothing', async () => {
    // an enterprise with a key that is (back) under review
    const pendingKey = `pending-key-${tag}-0123456789`;
    await ensureEnterpriseWithKey(p.db, { id: `ent-pending-${tag.toLowerCase()}`, name: 'Pending', customsCode: customsCode(6), key: pendingKey });
    await p.db.enterprise.update({ where: { id: `ent-pending-${tag.toLowerCase()}` }, data: { status: 'PENDING' } });
    const pending = await createCbecClient(p.apiUrl, pendingKey).POST('/v1/shipments', { body: shipment9610('PENDING-1') });
    expect(pending.response.status).toBe(403);
    expect(pending.error).toMatchObject({ code: 'ENTERPRISE_NOT_APPROVED' });
    expect(await p.db.shipment.count({ where: { enterpriseId: `ent-pending-${tag.toLowerCase()}` } })).toBe(0);

    const { enterprise } = await register(7);
    const { apiKey } = await approve(enterprise.id);
    const client = createCbecClient(p.apiUrl, apiKey!.key);
    const reject = await ops.POST('/v1/enterprises/{id}/approval', { params: { path: { id: enterprise.id } }, body: { decision: 'REJECT', operator: 'ops-wang', note: 'customs registration lapsed' } });
    expect(reject.data?.enterprise.status).toBe('REJECTED');
    expect(reject.data?.apiKey).toBeNull();
    const refused = await client.POST('/v1/shipments', { body: shipment9610('REJECTED-1') });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'ENTERPRISE_NOT_APPROVED' });
    expect(await p.db.shipment.count({ where: { enterpriseId: enterprise.id } })).toBe(0);
    expect((await client.GET('/v1/enterprises/me')).data?.status).toBe('REJECTED'); // it can still read its record
    const rotate = await ops.POST('/v1/enterprises/{id}/keys', { params: { path: { id: enterprise.id } }, body: {} });
    expect(rotate.error).toMatchObject({ code: 'ENTERPRISE_NOT_APPROVED' });
  });

  it('rotates keys through ops (a key cannot mint keys) and revokes them: the enterprise itself or ops, never another enterprise', async () => {
    const { enterprise } = await register(8);
    const { apiKey: first } = await approve(enterprise.id);
    const oldClient = createCbecClient(p.apiUrl, first!.key);
    const minted = await oldClient.POST('/v1/enterprises/{id}/keys', { params: { path: { id: enterprise.id } }, body: { label: 'self' } });
    expect(minted.response.status).toBe(403);
    const rotated = await ops.POST('/v1/enterprises/{id}/keys', { params: { path: { id: enterprise.id } }, body: { label: 'erp-2026' } });
    expect(rotated.response.status).toBe(201);
    const newClient = createCbecClient(p.apiUrl, rotated.data!.key);
    // both work until the old one is revoked
    expect((await oldClient.GET('/v1/enterprises/me')).response.status).toBe(200);
    expect((await newClient.GET('/v1/enterprises/me')).data?.apiKeys.map((k) => k.label)).toEqual(['default', 'erp-2026']);

    const before = await footprint();
    const foreign = await p.otherApi.DELETE('/v1/enterprises/{id}/keys/{keyId}', { params: { path: { id: enterprise.id, keyId: first!.id } } });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toMatchObject({ code: 'ENTERPRISE_NOT_FOUND' });
    const wrongKey = await newClient.DELETE('/v1/enterprises/{id}/keys/{keyId}', { params: { path: { id: enterprise.id, keyId: 'key_nope' } } });
    expect(wrongKey.error).toMatchObject({ code: 'API_KEY_NOT_FOUND', fields: [{ path: 'params.keyId' }] });
    expect(await footprint()).toEqual(before);

    const revoked = await newClient.DELETE('/v1/enterprises/{id}/keys/{keyId}', { params: { path: { id: enterprise.id, keyId: first!.id } } });
    expect(revoked.data?.revokedAt).toEqual(expect.any(String));
    const dead = await oldClient.GET('/v1/enterprises/me');
    expect(dead.response.status).toBe(401);
    expect((await newClient.POST('/v1/shipments', { body: shipment9610(`ROT-${tag}`) })).response.status).toBe(202);
    // again: the same answer, nothing new in the trail
    const count = await p.db.auditEntry.count();
    expect((await newClient.DELETE('/v1/enterprises/{id}/keys/{keyId}', { params: { path: { id: enterprise.id, keyId: first!.id } } })).data?.revokedAt).toBe(revoked.data?.revokedAt);
    expect(await p.db.auditEntry.count()).toBe(count);

    const byOps = await ops.POST('/v1/enterprises/{id}/keys', { params: { path: { id: enterprise.id } }, body: { label: 'ops-issued', operator: 'ops-zhao' } });
    expect(byOps.response.status).toBe(201);
    const keyEntries = await p.db.auditEntry.findMany({ where: { subjectType: 'apikey', detail: { path: ['enterpriseId'], equals: enterprise.id } }, orderBy: { seq: 'asc' } });
    expect(keyEntries.map((e) => [e.action, e.actor])).toEqual([
      ['apikey.issued', 'ops:break-glass'],
      ['apikey.issued', 'ops:break-glass'],
      ['apikey.revoked', `enterprise:${enterprise.id}`],
      ['apikey.issued', 'ops:break-glass'],
    ]);
  });

  it('lets ops change roles, audited from → to; an enterprise key is refused', async () => {
    const { enterprise } = await register(9);
    const refused = await p.api.PUT('/v1/enterprises/{id}/roles', { params: { path: { id: enterprise.id } }, body: { roles: ['PLATFORM'], operator: 'x' } });
    expect(refused.response.status).toBe(403);
    const res = await ops.PUT('/v1/enterprises/{id}/roles', { params: { path: { id: enterprise.id } }, body: { roles: ['WAREHOUSE', 'PLATFORM'], operator: 'ops-wang' } });
    expect(res.data?.roles).toEqual(['PLATFORM', 'WAREHOUSE']);
    const last = (await entriesFor(enterprise.id)).at(-1);
    expect(last).toMatchObject({ action: 'enterprise.roles_changed', actor: 'ops:break-glass', detail: { from: ['ECOMMERCE', 'LOGISTICS'], to: ['PLATFORM', 'WAREHOUSE'] } });
  });
});

describe('audit trail', () => {
  it('records a shipment cancellation without its free-text reason; a refused one records nothing', async () => {
    const body = shipment9610(`AUD-CANCEL-${tag}`);
    for (const key of [body.orderNo, body.logistics.waybillNo]) await control(p.simUrls.singleWindow, 'scenarios', { key, scenario: 'silent' });
    const id = (await p.api.POST('/v1/shipments', { body })).data!.id;
    await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.stage === 'data-push' ? data : undefined;
    }, 'the data push');
    const res = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: '买家张三取消 13800000000' } });
    expect(res.response.status).toBe(202);
    const entries = await entriesFor(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: `enterprise:${p.enterpriseId}`, action: 'shipment.cancel_requested', subjectType: 'shipment', detail: { mode: '9610' } });
    expect(JSON.stringify(entries[0]!.detail)).not.toMatch(/张三|13800000000/);
    await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      return data?.status === 'CANCELLED' ? data : undefined;
    }, 'CANCELLED');
    const again = await p.api.POST('/v1/shipments/{id}/cancel', { params: { path: { id } }, body: { reason: 'twice' } });
    expect(again.response.status).toBe(409);
    expect(await entriesFor(id)).toHaveLength(1);
  });

  it('exports a chain that verifies offline; an edited or removed entry fails with its seq', async () => {
    expect((await p.api.GET('/v1/ops/audit')).response.status).toBe(403);
    const bad = await ops.GET('/v1/ops/audit', { params: { query: { from: '2026-01-02', to: '2026-01-01' } } });
    expect(bad.error).toMatchObject({ code: 'INVALID_RANGE', fields: [{ path: 'querystring.to' }] });
    const exported = await ops.GET('/v1/ops/audit', { params: { query: { limit: 10_000 } } });
    const entries = exported.data!.entries;
    expect(entries.length).toBeGreaterThan(10);
    const file = path.join(dir, 'audit.json');
    writeFileSync(file, JSON.stringify(exported.data));
    const ok = await cbec(['audit', 'verify', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`${entries.length} entries, seq ${entries[0]!.seq}…${entries.at(-1)!.seq}, chain intact`));
    expect((await run('npm', ['run', '--silent', 'audit:verify', '--', file])).code).toBe(0);

    const victim = entries.find((e) => e.action === 'enterprise.roles_changed')!;
    const edited = structuredClone(exported.data!);
    (edited.entries.find((e) => e.seq === victim.seq)!.detail as { to: string[] }).to = ['PAYMENT'];
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify(edited));
    const e1 = await cbec(['audit', 'verify', path.join(dir, 'edited.json')]);
    expect(e1.code).toBe(1);
    expect(e1.stderr).toMatch(new RegExp(`audit chain broken at seq ${victim.seq} \\(HASH_MISMATCH\\)`));
    const removed = { entries: entries.filter((e) => e.seq !== victim.seq) };
    writeFileSync(path.join(dir, 'removed.json'), JSON.stringify(removed));
    const e2 = await cbec(['audit', 'verify', path.join(dir, 'removed.json')]);
    expect(e2.code).toBe(1);
    expect(e2.stderr).toMatch(new RegExp(`audit chain broken at seq ${victim.seq + 1} \\(SEQ_GAP\\)`));
    expect((await cbec(['audit', 'verify', path.join(dir, 'nope.json')])).stderr).toMatch(/no such file/);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toHaveLength(entries.length);
  });

  it('verifies the chain in the database and finds a row edited there at its seq', async () => {
    expect((await ops.GET('/v1/ops/audit/verification')).data).toMatchObject({ ok: true });
    const victim = await p.db.auditEntry.findFirstOrThrow({ where: { action: 'enterprise.roles_changed' }, orderBy: { seq: 'desc' } });
    await p.db.$executeRaw`UPDATE "AuditEntry" SET "actor" = 'ops:someone-else' WHERE "seq" = ${victim.seq}`;
    try {
      const res = await ops.GET('/v1/ops/audit/verification');
      expect(res.data).toMatchObject({ ok: false, brokenSeq: Number(victim.seq), reason: 'HASH_MISMATCH' });
    } finally {
      // PGlite: the database is shared by the test files, leave the chain intact
      await p.db.auditEntry.update({ where: { seq: victim.seq }, data: { actor: victim.actor } });
    }
    expect((await ops.GET('/v1/ops/audit/verification')).data).toMatchObject({ ok: true });
  });
});
