import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evidenceKeysFrom, type EvidenceKeys } from '../../config/evidence-key.js';
import { rejection, useSimulator } from '../kit/testing.js';
import type { EvidenceJwk } from '../kit/verify-evidence.js';
import { application } from '../lender/contract.js';
import { createLenderBankClient } from './client.js';
import { createLenderBankSimulator } from './simulator.js';

// The simulated bank verifies the platform's signed evidence as a real lender would (docs/finance.md
// §4): against the keys the platform publishes, refetched when a package names a key it has not seen.
const seed = () => randomBytes(32).toString('base64');
let platform: EvidenceKeys = evidenceKeysFrom(seed());
let fetches = 0;
const published = async (): Promise<EvidenceJwk[]> => {
  fetches += 1;
  return platform.published;
};
const sim = useSimulator(() => createLenderBankSimulator({ timeScale: 86_400_000, evidenceKeys: published }));
const client = () => createLenderBankClient({ baseUrl: sim.baseUrl });

function signedApplication(keys: EvidenceKeys, recipient = 'lender-bank') {
  const req = application('REFUND_BACKED');
  const { canonical: _, ...envelope } = keys.signer.sign({ subject: { type: 'SHIPMENT', id: 'shipment:ent-a:FIN-1', enterpriseId: 'ent-a', mode: '9710' }, consentId: 'consent-1', recipient, issuedAt: new Date().toISOString(), facts: { REFUND: { amount: '1300.00' } }, withheld: [] });
  return { ...req, documents: [{ type: 'EVIDENCE_PACKAGE' as const, sha256: envelope.digest }], signedEvidence: [envelope] };
}

describe('lender-bank simulator: the evidence package', () => {
  it('takes an application whose signed package verifies', async () => {
    const req = signedApplication(platform);
    expect(await client().apply(req, `${req.reference}:apply`)).toMatchObject({ reference: req.reference, status: 'UNDER_REVIEW' });
  });

  it('refuses a package changed after signing, recording nothing, as a business rejection the platform does not retry', async () => {
    const req = signedApplication(platform);
    const tampered = { ...req, signedEvidence: [{ ...req.signedEvidence[0]!, package: { ...req.signedEvidence[0]!.package, facts: { REFUND: { amount: '13000.00' } } } }] };
    const err = await rejection(client().apply(tampered, `${req.reference}:apply`));
    expect(err).toMatchObject({ code: 'LENDER.EVIDENCE_NOT_VERIFIED', retryable: false, status: 422 });
    expect(err.message).toContain('the package does not match its digest');
    expect(await sim.ledger(`${req.reference}:apply`)).toEqual([]);
    // the genuine package under the same key is then taken
    expect(await client().apply(req, `${req.reference}:apply`)).toMatchObject({ status: 'UNDER_REVIEW' });
  });

  it('refuses a package signed by a key the platform does not publish, or addressed to another lender, or not sent at all', async () => {
    const forged = signedApplication(evidenceKeysFrom(seed()));
    expect(await rejection(client().apply(forged, `${forged.reference}:apply`))).toMatchObject({ code: 'LENDER.EVIDENCE_NOT_VERIFIED', message: expect.stringContaining('not among the platform') });
    const elsewhere = signedApplication(platform, 'lender-fin');
    expect(await rejection(client().apply(elsewhere, `${elsewhere.reference}:apply`))).toMatchObject({ code: 'LENDER.EVIDENCE_NOT_VERIFIED', message: expect.stringContaining('addressed to lender-fin') });
    const { signedEvidence: _, ...bare } = signedApplication(platform);
    expect(await rejection(client().apply(bare, `${bare.reference}:apply`))).toMatchObject({ code: 'LENDER.EVIDENCE_MISSING' });
  });

  it('after the platform rotates its key, fetches the keys again and takes packages signed by the new and the previous key', async () => {
    const before = signedApplication(platform);
    await client().apply(before, `${before.reference}:apply`);
    const seen = fetches;
    platform = evidenceKeysFrom(seed(), platform.published[0]!.x);
    const after = signedApplication(platform);
    expect(await client().apply(after, `${after.reference}:apply`)).toMatchObject({ status: 'UNDER_REVIEW' });
    expect(fetches).toBe(seen + 1);
    const old = { ...signedApplication(platform), signedEvidence: before.signedEvidence };
    expect(await client().apply(old, `${old.reference}:apply`)).toMatchObject({ status: 'UNDER_REVIEW' });
  });
});
