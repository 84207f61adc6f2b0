// Consents and disclosures in the database (issue 20 §3): scoped, revocable, every disclosure
// recorded and audited, nothing disclosed after a revocation, one enterprise never touching another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisclosureSubject } from '../domain/finance/consent.js';
import { randomBytes } from 'node:crypto';
import { verifyEvidence } from '../adapters/kit/verify-evidence.js';
import { evidenceKeysFrom } from '../config/evidence-key.js';
import { createTestDatabase } from '../test/support/db.js';
import { verifyAudit } from './audit.js';
import type { Db } from './client.js';
import { disclose, disclosuresOf, grantConsent, revokeConsent, signedEvidenceFor, type DisclosureRequest } from './finance-consent.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.drop());

const ent = 'ent-consent-a';
const keys = evidenceKeysFrom(randomBytes(32).toString('base64'));
const subject: DisclosureSubject = { type: 'SHIPMENT', id: `shipment:${ent}:DZ-9710-1`, enterpriseId: ent, mode: '9710' };
const grant = (over: Partial<Parameters<typeof grantConsent>[1]> = {}) =>
  grantConsent(db, {
    enterpriseId: ent, recipient: 'lender-bank', purpose: 'FINANCING', subjectIds: [subject.id], allSubjects: false, facts: ['TIMELINE', 'GOODS', 'BUYER_BUSINESS'],
    validFrom: new Date(Date.now() - 60_000), validUntil: new Date(Date.now() + 86_400_000), actor: `enterprise:${ent}`, ...over,
  });
const request = (over: Partial<DisclosureRequest> = {}): DisclosureRequest => ({
  enterpriseId: ent, recipient: 'lender-bank', purpose: 'FINANCING', subject, requested: ['TIMELINE', 'GOODS', 'FX'], purposeRef: `loan:${ent}:L-1`,
  source: { TIMELINE: [{ status: 'CUSTOMS_REVIEW', entryId: '790120260000000042' }], GOODS: [{ hsCode: '4602191000', qty: '200' }], FX: { collected: '12000.00' } },
  actor: 'system:finance', signer: keys.signer, ...over,
});

describe('finance consents (database)', () => {
  it('discloses under a consent, records what went and what was withheld, and audits it', async () => {
    const consent = await grant();
    const result = await disclose(db, request());
    expect(result).toMatchObject({ disclosed: true, consentId: consent.id });
    if (!result.disclosed) throw new Error('expected a disclosure');
    expect(Object.keys(result.package.facts).sort()).toEqual(['GOODS', 'TIMELINE']);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await disclosuresOf(db, ent);
    expect(row).toMatchObject({ consentId: consent.id, recipient: 'lender-bank', subjectId: subject.id, purposeRef: `loan:${ent}:L-1`, facts: ['TIMELINE', 'GOODS'], withheld: [{ fact: 'FX', reason: 'NOT_CONSENTED' }], digest: result.digest });
    const audit = await db.auditEntry.findMany({ where: { subjectType: 'finance-consent', subjectId: consent.id }, orderBy: { seq: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['finance-consent.granted', 'finance-consent.disclosed']);
    expect(audit[1]!.detail).toMatchObject({ digest: result.digest, facts: ['TIMELINE', 'GOODS'], keyId: keys.signer.kid });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('signs the package it records: the row keeps the signature and key id, and the stored envelope verifies against the published keys', async () => {
    const ref = `loan:${ent}:L-SIGNED`;
    await grant();
    const result = await disclose(db, request({ purposeRef: ref }));
    if (!result.disclosed) throw new Error('expected a disclosure');
    const row = await db.financeDisclosure.findFirstOrThrow({ where: { purposeRef: ref } });
    expect(row).toMatchObject({ keyId: keys.signer.kid, signature: result.envelope.signature, digest: result.digest });
    expect(row.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const [stored] = await signedEvidenceFor(db, 'lender-bank', ref);
    expect(stored).toEqual(result.envelope);
    expect(stored!.package).toEqual(result.package);
    expect(verifyEvidence(stored, keys.published)).toEqual({ ok: true, kid: keys.signer.kid, digest: result.digest });
    expect(await signedEvidenceFor(db, 'lender-fin', ref)).toEqual([]);
  });

  it('stops disclosure once revoked, writing nothing more', async () => {
    const other: DisclosureSubject = { ...subject, id: `shipment:${ent}:DZ-9710-2` };
    const consent = await grant({ subjectIds: [other.id], recipient: 'lender-fin' });
    expect(await disclose(db, request({ subject: other, recipient: 'lender-fin' }))).toMatchObject({ disclosed: true });
    const revoked = await revokeConsent(db, { id: consent.id, enterpriseId: ent, actor: `enterprise:${ent}` });
    expect(revoked?.revokedAt).not.toBeNull();
    const before = await db.financeDisclosure.count();
    expect(await disclose(db, request({ subject: other, recipient: 'lender-fin' }))).toEqual({ disclosed: false, decision: { allowed: false, reason: 'REVOKED' } });
    expect(await db.financeDisclosure.count()).toBe(before);
    expect((await revokeConsent(db, { id: consent.id, enterpriseId: ent, actor: `enterprise:${ent}` }))?.revokedAt).toBe(revoked?.revokedAt);
    const audit = await db.auditEntry.findMany({ where: { subjectId: consent.id, action: 'finance-consent.revoked' } });
    expect(audit).toHaveLength(1);
  });

  it('lets no enterprise revoke or use another’s consent, nor disclose without one', async () => {
    const consent = await grant({ recipient: 'insurer', purpose: 'INSURANCE' });
    expect(await revokeConsent(db, { id: consent.id, enterpriseId: 'ent-consent-b', actor: 'enterprise:ent-consent-b' })).toBeUndefined();
    expect((await db.financeConsent.findUniqueOrThrow({ where: { id: consent.id } })).revokedAt).toBeNull();
    const foreign = await disclose(db, request({ enterpriseId: 'ent-consent-b', recipient: 'insurer', purpose: 'INSURANCE', subject: { ...subject, enterpriseId: 'ent-consent-b' } }));
    expect(foreign).toEqual({ disclosed: false, decision: { allowed: false, reason: 'NO_CONSENT' } });
    const wrongPurpose = await disclose(db, request({ recipient: 'insurer', purpose: 'FINANCING' }));
    expect(wrongPurpose).toEqual({ disclosed: false, decision: { allowed: false, reason: 'NO_CONSENT' } });
  });

  it('never discloses while a revocation is being made, whichever commits first', async () => {
    const third: DisclosureSubject = { ...subject, id: `shipment:${ent}:DZ-9710-3` };
    const consent = await grant({ subjectIds: [third.id], recipient: 'lender-bank-2' });
    const revokeAt = new Date();
    const [disclosed] = await Promise.all([
      disclose(db, request({ subject: third, recipient: 'lender-bank-2' })),
      revokeConsent(db, { id: consent.id, enterpriseId: ent, actor: `enterprise:${ent}`, at: revokeAt }),
    ]);
    const rows = await db.financeDisclosure.findMany({ where: { consentId: consent.id } });
    expect(rows.length).toBe(disclosed.disclosed ? 1 : 0);
    // a disclosure, if any, was committed before the revocation (the audit chain orders commits)
    const actions = (await db.auditEntry.findMany({ where: { subjectId: consent.id }, orderBy: { seq: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(disclosed.disclosed ? ['finance-consent.granted', 'finance-consent.disclosed', 'finance-consent.revoked'] : ['finance-consent.granted', 'finance-consent.revoked']);
    expect(await disclose(db, request({ subject: third, recipient: 'lender-bank-2' }))).toMatchObject({ disclosed: false });
  });
});
