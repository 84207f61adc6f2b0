/**
 * Registration squatting: an anonymous PENDING registration of a competitor's customs code and
 * USCC reserves nothing. The rightful enterprise registers and is approved anyway; the squatter's
 * registration can then be neither approved nor used, and ops reject it (releasing the codes) or
 * merge it into the approved enterprise, each recorded in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../domain/registry/uscc.js';
import { startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
const tag = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');

beforeAll(async () => {
  p = await startPlatform({ worker: false });
});
afterAll(async () => p?.stop());

function uscc(n: number): string {
  const first17 = `915117${String(n).padStart(2, '0')}MA7${tag}000`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}
const customsCode = (n: number) => `511797${tag}`.slice(0, 6) + `${tag}${n}`.slice(-4).padStart(4, '0');

async function call(method: string, path: string, body: unknown, key?: string) {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: string; fields?: { path: string }[] } };
}

async function register(n: number, name: string) {
  const r = await call('POST', '/v1/enterprises', { name, uscc: uscc(n), customsCode: customsCode(n), roles: ['ECOMMERCE'], contacts: [{ name: '王五', phone: '13800000001' }] });
  return r;
}
const idOf = (r: { body: Record<string, unknown> }) => (r.body.enterprise as { id: string }).id;
// the break-glass ops key: the audit trail names the credential that acted (ops:break-glass), never a name sent in the body
const ops = (path: string, body: unknown) => call('POST', path, body, p.config.OPS_API_KEY.reveal());
const decide = (id: string, decision: 'APPROVE' | 'REJECT') => ops(`/v1/enterprises/${encodeURIComponent(id)}/approval`, { decision });
const audit = (id: string) => p.db.auditEntry.findMany({ where: { subjectId: id }, orderBy: { seq: 'asc' } });

describe('registration squatting', () => {
  it('a PENDING registration blocks nobody: the rightful enterprise registers and is approved', async () => {
    const squatter = await register(1, '抢注者');
    expect(squatter.status).toBe(201);
    const rightful = await register(1, '达州真实企业');
    expect(rightful.status).toBe(201);
    expect((await decide(idOf(rightful), 'APPROVE')).status).toBe(200);
    // now the code is held: the squatter cannot be approved, and nobody can register it again
    const refused = await decide(idOf(squatter), 'APPROVE');
    expect(refused).toMatchObject({ status: 409, body: { code: 'CUSTOMS_CODE_TAKEN', fields: [{ path: 'params.id' }] } });
    expect((await p.db.enterprise.findUniqueOrThrow({ where: { id: idOf(squatter) } })).status).toBe('PENDING');
    expect((await register(1, '第三者')).body).toMatchObject({ code: 'CUSTOMS_CODE_TAKEN' });
  });

  it('ops reject-and-release a squatted registration; the audit trail names the codes released', async () => {
    const squatter = await register(2, '抢注者');
    const rejected = await decide(idOf(squatter), 'REJECT');
    expect(rejected.status).toBe(200);
    expect((await audit(idOf(squatter))).at(-1)).toMatchObject({ action: 'enterprise.rejected', actor: 'ops:break-glass', detail: { from: 'PENDING', to: 'REJECTED', released: { customsCode: customsCode(2), uscc: uscc(2) } } });
    const rightful = await register(2, '达州真实企业');
    expect((await decide(idOf(rightful), 'APPROVE')).status).toBe(200);
    // re-approving the rejected squatter would take the codes back: refused
    expect((await decide(idOf(squatter), 'APPROVE')).body).toMatchObject({ code: 'CUSTOMS_CODE_TAKEN' });
  });

  it('ops merge a duplicate registration into the approved enterprise; it can never be approved', async () => {
    const rightful = await register(3, '达州真实企业');
    const duplicate = await register(3, '达州真实企业（重复）');
    expect((await decide(idOf(rightful), 'APPROVE')).status).toBe(200);
    const other = await register(4, '无关企业');
    const mismatch = await ops(`/v1/enterprises/${encodeURIComponent(idOf(duplicate))}/merge`, { into: idOf(other) });
    expect(mismatch).toMatchObject({ status: 409, body: { code: 'MERGE_TARGET_NOT_APPROVED', fields: [{ path: 'body.into' }] } });
    const merged = await ops(`/v1/enterprises/${encodeURIComponent(idOf(duplicate))}/merge`, { into: idOf(rightful), note: 'second registration' });
    expect(merged).toMatchObject({ status: 200, body: { status: 'MERGED', mergedInto: idOf(rightful) } });
    expect((await audit(idOf(duplicate))).at(-1)).toMatchObject({ action: 'enterprise.merged', actor: 'ops:break-glass', detail: { from: 'PENDING', into: idOf(rightful), customsCode: customsCode(3) } });
    expect((await decide(idOf(duplicate), 'APPROVE')).body).toMatchObject({ code: 'ENTERPRISE_ALREADY_DECIDED' });
    // an enterprise key cannot merge
    const asEnterprise = await call('POST', `/v1/enterprises/${encodeURIComponent(idOf(other))}/merge`, { into: idOf(rightful), operator: 'x' }, p.apiKey);
    expect(asEnterprise.status).toBe(403);
  });

  it('of two registrations approved at once for one customs code, exactly one wins', async () => {
    const [a, b] = [await register(5, '甲'), await register(5, '乙')];
    const answers = await Promise.all([decide(idOf(a), 'APPROVE'), decide(idOf(b), 'APPROVE')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await p.db.enterprise.count({ where: { customsCode: customsCode(5), status: 'APPROVED' } })).toBe(1);
  });
});
