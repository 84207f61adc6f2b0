import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evidenceKeysFrom } from '../../config/evidence-key.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { createInsurerClient } from './client.js';
import { cargoQuote, creditQuote, evidence } from './contract.js';
import { createInsurerSimulator } from './simulator.js';

// The simulated insurer verifies the platform's signed evidence on every quote and non-payment
// claim (docs/finance.md §4), against the keys the platform publishes.
const platform = evidenceKeysFrom(randomBytes(32).toString('base64'));
const sim = useSimulator(() => createInsurerSimulator({ timeScale: 86_400_000, evidenceKeys: async () => platform.published }));
const client = () => createInsurerClient({ baseUrl: sim.baseUrl });
const signed = (reference: string, facts: Record<string, unknown>) => {
  const { canonical: _, ...envelope } = platform.signer.sign({ subject: { type: 'SHIPMENT', id: 'shipment:ent-a:DZ-1', enterpriseId: 'ent-a', mode: '9710' }, consentId: 'consent-1', recipient: 'insurer', issuedAt: new Date().toISOString(), facts, withheld: [], reference });
  return envelope;
};

describe('insurer simulator: the evidence package', () => {
  it('quotes with a package that verifies; refuses one changed after signing, or none, recording nothing', async () => {
    const ok = cargoQuote();
    const envelope = signed(ok.reference, { GOODS: { insuredValue: '200000.00' } });
    expect(await client().quote({ ...ok, signedEvidence: [envelope] }, `${ok.reference}:quote`)).toMatchObject({ reference: ok.reference, cover: 'CARGO' });

    const req = cargoQuote();
    const tampered = { ...signed(req.reference, { GOODS: { insuredValue: '200000.00' } }), package: { GOODS: { insuredValue: '2000000.00' } } };
    expect(await rejection(client().quote({ ...req, signedEvidence: [tampered] }, `${req.reference}:quote`))).toMatchObject({ code: 'INSURER.EVIDENCE_NOT_VERIFIED', retryable: false });
    expect(await rejection(client().quote(req, `${req.reference}:quote`))).toMatchObject({ code: 'INSURER.EVIDENCE_MISSING' });
    expect(await sim.ledger(`${req.reference}:quote`)).toEqual([]);
  });

  it('a non-payment claim needs the signed FX record; a damage claim is evidenced by its receipt alone', async () => {
    const req = creditQuote({ insuredValue: '10000.00' });
    const quote = await client().quote({ ...req, signedEvidence: [signed(req.reference, { BUYER_BUSINESS: { country: 'DE' } })] }, `${req.reference}:quote`);
    const policy = await client().bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`);
    const claim = { reference: req.reference, policyNo: policy.policyNo, loss: 'NON_PAYMENT' as const, currency: 'USD', amount: '10000.00', occurredOn: '2027-03-10', evidence: evidence('FX_RECORD') };
    expect(await rejection(client().claim(claim, `${req.reference}:claim`))).toMatchObject({ code: 'INSURER.EVIDENCE_MISSING' });
    expect(await client().claim({ ...claim, signedEvidence: [signed(req.reference, { FX: { events: [] } })] }, `${req.reference}:claim`)).toMatchObject({ status: 'UNDER_ASSESSMENT' });

    const cargo = cargoQuote();
    const q = await client().quote({ ...cargo, signedEvidence: [signed(cargo.reference, { GOODS: {} })] }, `${cargo.reference}:quote`);
    const p = await client().bind({ reference: cargo.reference, quoteId: q.quoteId }, `${cargo.reference}:bind`);
    expect(await client().claim({ reference: cargo.reference, policyNo: p.policyNo, loss: 'DAMAGE', currency: 'CNY', amount: '1000.00', occurredOn: '2026-12-20', evidence: evidence() }, `${cargo.reference}:claim`)).toMatchObject({ status: 'UNDER_ASSESSMENT' });
  });
});
