import { describe, expect, it } from 'vitest';
import { useScratchPostgres } from '../test/support/db.js';
import { AUDIT_GENESIS_HASH, auditEntryHash, canonicalJson, verifyAuditEntries, type AuditRecord } from './audit-chain.js';
import { appendAudit, exportAudit, verifyAudit } from './audit.js';

// A PostgreSQL database of its own (real concurrency: PGlite serialises everything and would
// prove nothing about forks), migrated with `prisma migrate deploy`, dropped at the end.
const scratch = useScratchPostgres('audit');

const entry = (n: number) => ({ actor: 'ops:test', action: 'enterprise.roles_changed', subjectType: 'enterprise' as const, subjectId: `ent-${n}`, detail: { n, roles: ['ECOMMERCE'] } });

describe('audit trail (PostgreSQL)', () => {
  it('starts at the genesis hash and links every entry to the one before', async () => {
    const first = await appendAudit(scratch.db, entry(0));
    expect(first).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS_HASH });
    const second = await appendAudit(scratch.db, entry(1));
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(second.hash).toBe(auditEntryHash(first.hash, second));
  });

  it('never forks under 40 concurrent appends: one gapless chain that verifies', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(scratch.db, entry(100 + i))));
    const rows = await scratch.db.auditEntry.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(42); // no two entries extend the same one
    expect(await verifyAudit(scratch.db, 7)).toEqual({ ok: true, entries: 42, lastSeq: 42, lastHash: rows[41]!.hash });
  });

  it('joins the caller’s transaction: rolled back with it, nothing appended', async () => {
    const before = await scratch.db.auditEntry.count();
    await expect(
      scratch.db.$transaction(async (tx) => {
        await appendAudit(tx, entry(999));
        throw new Error('the recorded change failed');
      }),
    ).rejects.toThrow('the recorded change failed');
    expect(await scratch.db.auditEntry.count()).toBe(before);
  });

  it('finds an entry edited in the database, and the next one when the hash was rewritten too', async () => {
    const target = await scratch.db.auditEntry.findFirstOrThrow({ where: { seq: 10n } });
    await scratch.db.$executeRaw`UPDATE "AuditEntry" SET "detail" = '{"n": 7, "roles": ["PAYMENT"]}'::jsonb WHERE "seq" = 10`;
    expect(await verifyAudit(scratch.db)).toMatchObject({ ok: false, brokenSeq: 10, reason: 'HASH_MISMATCH' });
    const forged = auditEntryHash(target.prevHash, { seq: 10, at: target.at.toISOString(), actor: target.actor, action: target.action, subjectType: target.subjectType, subjectId: target.subjectId, detail: { n: 7, roles: ['PAYMENT'] } });
    await scratch.db.$executeRaw`UPDATE "AuditEntry" SET "hash" = ${forged} WHERE "seq" = 10`;
    expect(await verifyAudit(scratch.db)).toMatchObject({ ok: false, brokenSeq: 11, reason: 'LINK_BROKEN' });
  });

  it('exports by time window and seq, with a cursor for the next page', async () => {
    const all = await exportAudit(scratch.db, { limit: 1000 });
    expect(all.entries).toHaveLength(42);
    const page = await exportAudit(scratch.db, { afterSeq: 5, limit: 3 });
    expect(page.entries.map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(page.nextAfterSeq).toBe(8);
    const future = await exportAudit(scratch.db, { from: new Date(Date.now() + 60_000), limit: 10 });
    expect(future).toEqual({ entries: [], nextAfterSeq: null });
  });
});

describe('audit chain offline (an exported file)', () => {
  function chain(n: number): AuditRecord[] {
    const out: AuditRecord[] = [];
    let prevHash = AUDIT_GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const e = { seq, at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), actor: 'ops', action: 'apikey.issued', subjectType: 'apikey', subjectId: `key_${seq}`, detail: { enterpriseId: 'ent-1' } };
      const hash = auditEntryHash(prevHash, e);
      out.push({ ...e, prevHash, hash });
      prevHash = hash;
    }
    return out;
  }

  it('verifies an intact export, also one that starts mid-chain', () => {
    expect(verifyAuditEntries(chain(5))).toMatchObject({ ok: true, entries: 5, lastSeq: 5 });
    expect(verifyAuditEntries(chain(5).slice(2))).toMatchObject({ ok: true, entries: 3 });
  });
  it('reports an edited, a removed and a reordered entry at the first broken seq', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2]!, actor: 'someone-else' };
    expect(verifyAuditEntries(edited)).toMatchObject({ ok: false, brokenSeq: 3, reason: 'HASH_MISMATCH' });
    const removed = chain(5).filter((e) => e.seq !== 3);
    expect(verifyAuditEntries(removed)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'SEQ_GAP' });
    const swapped = chain(5);
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyAuditEntries(swapped)).toMatchObject({ ok: false, brokenSeq: 3, reason: 'SEQ_GAP' });
    const forgedStart = chain(3);
    forgedStart[0] = { ...forgedStart[0]!, prevHash: 'f'.repeat(64) };
    expect(verifyAuditEntries(forgedStart)).toMatchObject({ ok: false, brokenSeq: 1, reason: 'NOT_GENESIS' });
  });
  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: null }], c: undefined })).toBe('{"a":[{"x":null,"y":2}],"b":1}');
  });
});
