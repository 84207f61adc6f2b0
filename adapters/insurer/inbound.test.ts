import { describe, expect, it } from 'vitest';
import { bindInsurerEvent, insurerInbound, type PolicyFacts } from './inbound.js';
import type { InsurerEvent } from './port.js';

const policy: PolicyFacts = { insurer: 'insurer', policyNo: 'PCG20261206000001', claimIds: ['CL20261206000002'], claimsAwaitingId: 0 };
const decided: InsurerEvent = {
  eventId: 'evt_1', type: 'CLAIM_DECIDED', reference: 'policy:shipment:ent-a:S1', policyNo: 'PCG20261206000001', claimId: 'CL20261206000002',
  decision: 'PAID', paidAmount: '11000.00', currency: 'CNY', at: '2026-12-06T10:00:00.000Z',
};

describe('insurer callbacks', () => {
  it('parses a claim decision and names the field at fault', () => {
    expect(insurerInbound.parse(JSON.stringify(decided))).toEqual({ ok: true, notice: decided });
    expect(insurerInbound.parse(JSON.stringify({ ...decided, decision: 'MAYBE' }))).toMatchObject({ ok: false, field: 'body.decision' });
  });

  it('binds a decision only from the policy’s insurer, with its policy number and a claim opened under it', () => {
    expect(bindInsurerEvent(policy, 'insurer', decided)).toEqual({ ok: true });
    expect(bindInsurerEvent(policy, 'lender-bank', decided)).toMatchObject({ ok: false, status: 403, code: 'CALLBACK_WRONG_SYSTEM' });
    expect(bindInsurerEvent(policy, 'insurer', { ...decided, policyNo: 'PCG-OTHER' })).toMatchObject({ ok: false, field: 'body.policyNo' });
    expect(bindInsurerEvent(policy, 'insurer', { ...decided, claimId: 'CL-FORGED' })).toMatchObject({ ok: false, field: 'body.claimId' });
    expect(bindInsurerEvent({ ...policy, claimsAwaitingId: 1 }, 'insurer', { ...decided, claimId: 'CL-NEW' })).toEqual({ ok: true });
  });
});
