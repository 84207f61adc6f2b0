import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evidenceKeysFrom } from '../../config/evidence-key.js';
import { canonicalJson, verifyEvidence } from './verify-evidence.js';

// What a lender checks on a package it receives (docs/finance.md §4): signed by the platform's
// published key, and not one fact changed since.
const seed = () => randomBytes(32).toString('base64');
const pkg = {
  subject: { type: 'SHIPMENT', id: 'shipment:ent-a:DZ-9710-1', enterpriseId: 'ent-a', mode: '9710' },
  consentId: 'consent-1', recipient: 'lender-bank', issuedAt: '2026-12-06T08:00:00.000Z',
  facts: { TIMELINE: [{ status: 'RELEASED', entryId: '790120260000000042', receipt: '120' }], REFUND: { amount: '1300.00' } },
  withheld: [{ fact: 'FX', reason: 'NOT_CONSENTED' }],
};

describe('signed evidence packages', () => {
  const keys = evidenceKeysFrom(seed());

  it('a package signed by the platform verifies against its published keys, its digest that of the canonical JSON', () => {
    const { canonical, ...envelope } = keys.signer.sign(pkg);
    expect(canonical).toBe(canonicalJson(pkg));
    expect(envelope).toMatchObject({ format: 'cbec-evidence/1', alg: 'EdDSA', kid: keys.signer.kid, package: pkg });
    const sent = JSON.parse(JSON.stringify(envelope)) as unknown; // as it travels: JSON, key order free
    expect(verifyEvidence(sent, keys.published)).toEqual({ ok: true, kid: keys.signer.kid, digest: envelope.digest });
    expect(keys.published).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: keys.signer.kid, alg: 'EdDSA', use: 'sig' }]);
  });

  it('a changed fact fails, whether the digest is left or recomputed', () => {
    const { canonical: _, ...envelope } = keys.signer.sign(pkg);
    const tampered = { ...envelope, package: { ...pkg, facts: { ...pkg.facts, REFUND: { amount: '13000.00' } } } };
    expect(verifyEvidence(tampered, keys.published)).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
    const redigested = { ...tampered, digest: createHash('sha256').update(canonicalJson(tampered.package)).digest('hex') };
    expect(verifyEvidence(redigested, keys.published)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('a package signed by another key fails: under its own kid unknown, under the platform kid a bad signature', () => {
    const other = evidenceKeysFrom(seed());
    const { canonical: _, ...forged } = other.signer.sign(pkg);
    expect(verifyEvidence(forged, keys.published)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    expect(verifyEvidence({ ...forged, kid: keys.signer.kid }, keys.published)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    // a key list that names the forger's key with the platform's kid is not believed: a kid is its key's thumbprint
    expect(verifyEvidence({ ...forged, kid: keys.signer.kid }, [{ ...other.published[0]!, kid: keys.signer.kid }])).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  it('after a rotation the previous key stays published and its packages still verify', () => {
    const before = keys.signer.sign(pkg);
    const rotated = evidenceKeysFrom(seed(), keys.published[0]!.x);
    expect(rotated.published.map((k) => k.kid)).toEqual([rotated.signer.kid, keys.signer.kid]);
    const { canonical: _, ...old } = before;
    expect(verifyEvidence(old, rotated.published)).toMatchObject({ ok: true, kid: keys.signer.kid });
    const { canonical: __, ...fresh } = rotated.signer.sign(pkg);
    expect(verifyEvidence(fresh, rotated.published)).toMatchObject({ ok: true, kid: rotated.signer.kid });
    // without the previous key published, the old package no longer verifies
    expect(verifyEvidence(old, evidenceKeysFrom(seed()).published)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  it('anything that is not an envelope is malformed, never a throw', () => {
    for (const e of [null, 'x', {}, { ...keys.signer.sign(pkg), format: 'other' }, { ...keys.signer.sign(pkg), package: null }]) {
      expect(verifyEvidence(e, keys.published)).toMatchObject({ ok: false, reason: 'MALFORMED' });
    }
    const { canonical: _, ...envelope } = keys.signer.sign(pkg);
    expect(verifyEvidence({ ...envelope, signature: 'not-a-signature' }, keys.published)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
  });
});
