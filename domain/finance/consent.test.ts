import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentState, decideDisclosure, evidencePackage, FACT_CATEGORIES, type Consent, type DisclosureSubject } from './consent.js';

const consent: Consent = {
  id: 'consent-1',
  enterpriseId: 'ent-dazhou-demo',
  recipient: 'lender-bank',
  purpose: 'FINANCING',
  subjectIds: ['shipment:ent-dazhou-demo:DZ-9710-1'],
  allSubjects: false,
  facts: ['TIMELINE', 'GOODS', 'CREDIT', 'BUYER_BUSINESS'],
  validFrom: '2026-12-01T00:00:00.000Z',
  validUntil: '2027-03-01T00:00:00.000Z',
  revokedAt: null,
};
const shipment: DisclosureSubject = { type: 'SHIPMENT', id: 'shipment:ent-dazhou-demo:DZ-9710-1', enterpriseId: 'ent-dazhou-demo', mode: '9710' };
const now = '2026-12-06T10:00:00.000Z';
const ask = (over: Partial<Parameters<typeof decideDisclosure>[0]> = {}) =>
  decideDisclosure({ consent, now, recipient: 'lender-bank', purpose: 'FINANCING', subject: shipment, requested: ['TIMELINE', 'GOODS', 'FX', 'BUYER_BUSINESS'], ...over });

describe('consent and disclosure', () => {
  it('discloses the consented facts about a covered shipment and withholds the rest, saying why', () => {
    expect(ask()).toEqual({
      allowed: true,
      consentId: 'consent-1',
      disclose: ['TIMELINE', 'GOODS', 'BUYER_BUSINESS'],
      withheld: [{ fact: 'FX', reason: 'NOT_CONSENTED' }],
    });
  });

  it('stops every disclosure once revoked or expired, and before it starts', () => {
    expect(ask({ consent: { ...consent, revokedAt: '2026-12-05T00:00:00.000Z' } })).toEqual({ allowed: false, reason: 'REVOKED' });
    expect(ask({ now: '2027-03-01T00:00:00.000Z' })).toEqual({ allowed: false, reason: 'EXPIRED' });
    expect(ask({ now: '2026-11-30T23:59:59.999Z' })).toEqual({ allowed: false, reason: 'NOT_YET_VALID' });
    expect(consentState({ ...consent, revokedAt: '2026-12-07T00:00:00.000Z' }, now)).toBe('ACTIVE'); // revocation takes effect when made
  });

  it('binds a consent to its enterprise, recipient, purpose and subjects', () => {
    expect(ask({ consent: undefined })).toEqual({ allowed: false, reason: 'NO_CONSENT' });
    expect(ask({ recipient: 'lender-fin' })).toEqual({ allowed: false, reason: 'WRONG_RECIPIENT' });
    expect(ask({ purpose: 'INSURANCE' })).toEqual({ allowed: false, reason: 'WRONG_PURPOSE' });
    expect(ask({ subject: { ...shipment, enterpriseId: 'ent-other' } })).toEqual({ allowed: false, reason: 'WRONG_ENTERPRISE' });
    expect(ask({ subject: { ...shipment, id: 'shipment:ent-dazhou-demo:DZ-OTHER' } })).toEqual({ allowed: false, reason: 'SUBJECT_NOT_COVERED' });
    expect(ask({ consent: { ...consent, allSubjects: true }, subject: { ...shipment, id: 'shipment:ent-dazhou-demo:DZ-OTHER' } })).toMatchObject({ allowed: true });
  });

  it('never discloses a buyer who is a person, whatever the enterprise consented to', () => {
    for (const mode of ['9610', '9810', '1210'] as const) {
      const d = ask({ consent: { ...consent, allSubjects: true }, subject: { ...shipment, mode } });
      expect(d).toMatchObject({ allowed: true, withheld: expect.arrayContaining([{ fact: 'BUYER_BUSINESS', reason: 'PERSONAL_DATA' }]) });
      if (d.allowed) expect(d.disclose).not.toContain('BUYER_BUSINESS');
    }
  });

  it('builds a package of the decided categories only, never copying what else the source holds', () => {
    const d = ask();
    if (!d.allowed) throw new Error('expected a disclosure');
    const source = {
      TIMELINE: [{ at: '2026-12-02T01:00:00Z', status: 'CUSTOMS_REVIEW', entryId: '790120260000000042' }],
      GOODS: [{ sku: 'BAMBOO-01', hsCode: '4602191000', qty: '200' }],
      FX: { collected: '12000.00' },
      BUYER_BUSINESS: { name: 'Duisburg Home GmbH', country: 'DE' },
      buyerPerson: { name: '张三', idNumber: '510000199001011234' },
    };
    const pkg = evidencePackage(d, { subject: shipment, recipient: 'lender-bank', issuedAt: now, source });
    expect(Object.keys(pkg.facts).sort()).toEqual(['BUYER_BUSINESS', 'GOODS', 'TIMELINE']);
    expect(JSON.stringify(pkg)).not.toContain('510000199001011234');
    expect(pkg.withheld).toEqual([{ fact: 'FX', reason: 'NOT_CONSENTED' }]);
  });

  it('discloses only facts the consent names, for any consent and any request', () => {
    const facts = fc.subarray([...FACT_CATEGORIES]);
    fc.assert(fc.property(facts, fc.array(fc.oneof(fc.constantFrom(...FACT_CATEGORIES), fc.string()), { maxLength: 12 }), fc.constantFrom(...(['9610', '9710', '9810', '1210'] as const)), (granted, requested, mode) => {
      const d = decideDisclosure({ consent: { ...consent, facts: granted }, now, recipient: 'lender-bank', purpose: 'FINANCING', subject: { ...shipment, mode }, requested });
      if (!d.allowed) throw new Error(d.reason);
      for (const f of d.disclose) expect(granted).toContain(f);
      if (mode !== '9710') expect(d.disclose).not.toContain('BUYER_BUSINESS');
      expect(d.disclose.length + d.withheld.length).toBe(new Set(requested).size);
    }));
  });
});
