import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { DAY } from '../../domain/time.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control, ledger } from '../support/ledger.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { policyWhen } from '../support/policies.js';

/**
 * Export credit insurance (出口信用保险, issue 20 §2) end to end on the real stack: a 9710 consignment's
 * payment by its business buyer is insured under the enterprise's INSURANCE consent, covered from
 * customs release within the insurer's limit for the buyer; the proceeds settling before the due
 * date end the cover, none by then open a non-payment claim with the shipment's facts as evidence,
 * decided by the insurer's signed callback; a consignment above the buyer's limit is refused.
 * Time scale 864,000: a business day is 0.1 s.
 */
let p: Platform;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const shipmentId = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;
const policyId = (orderNo: string) => `credit-policy:${shipmentId(orderNo)}`;

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
  const consent = await p.api.POST('/v1/finance/consents', { body: { recipient: 'insurer', purpose: 'INSURANCE', subjectIds: [], allSubjects: true, facts: ['BUYER_BUSINESS', 'GOODS', 'TIMELINE', 'FX'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(consent.response.status).toBe(201);
}, 120_000);
afterAll(async () => p?.stop());

const ship = async (orderNo: string) => {
  const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo, logistics: { ...example.logistics, waybillNo: `WB${orderNo.replaceAll('-', '')}` } } });
  expect(created.response.status).toBe(202);
  return created.data!.id;
};
const insure = (orderNo: string, buyerRegistrationNo: string, paymentTermsDays?: number) =>
  p.api.POST('/v1/credit-policies', { body: { shipmentId: shipmentId(orderNo), insurer: 'insurer', buyerRegistrationNo, ...(paymentTermsDays ? { paymentTermsDays } : {}) } });
const insurerEffects = async (id: string) => (await ledger(p.simUrls.insurer!)).filter((e) => e.key.startsWith(`${id}:`)).map((e) => e.operation).sort();
const releaseDate = async (id: string) => {
  const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
  const released = data!.timeline.find((e) => e.type === 'RELEASED')!;
  return new Date(Date.parse(released.at) + 8 * 3_600_000).toISOString().slice(0, 10);
};

describe.concurrent('export credit insurance (出口信用保险)', () => {
  it('covers a consignment paid in time: no claim, the cover ends with the settlement', async () => {
    const id = await ship('CI-PAID-1');
    const applied = await insure('CI-PAID-1', 'HRB-PAID-1');
    expect(applied.response.status).toBe(202);
    expect(applied.data).toMatchObject({ id: policyId('CI-PAID-1'), cover: 'EXPORT_CREDIT', status: 'AWAITING_RELEASE', credit: { buyer: { name: 'Müller Handels GmbH', country: '304', registrationNo: 'HRB-PAID-1' }, paymentTermsDays: 90 } });
    // the same request again answers the same policy; other terms for it are refused
    expect((await insure('CI-PAID-1', 'HRB-PAID-1')).response.status).toBe(200);
    expect((await insure('CI-PAID-1', 'HRB-PAID-1', 30)).error).toMatchObject({ code: 'POLICY_EXISTS', fields: [{ path: 'body.shipmentId' }] });

    const bound = await policyWhen(p, policyId('CI-PAID-1'), 'bound', (x) => x.policyNo !== null);
    // 0.60 % per 90 days of credit on USD 660.00 (4 × 165.00), at least USD 10.00; the insurer's limit for the buyer, 90 % indemnity
    expect(bound).toMatchObject({ status: 'BOUND', currency: 'USD', insuredValue: '660.00', rateBp: 60, premium: '10.00', credit: { buyerLimit: '300000.00', indemnityBp: 9_000 } });
    const ended = await policyWhen(p, policyId('CI-PAID-1'), 'cover ended', (x) => x.status !== 'BOUND');
    expect(ended).toMatchObject({ status: 'COVER_ENDED', claims: [], credit: { settled: { currency: 'USD', afterClaim: false } } });
    expect(ended.reason).toMatch(/^paid in time: /);
    const released = await releaseDate(id);
    expect(ended.credit!.dueDate).toBe(new Date(Date.parse(`${released}T00:00:00Z`) + 90 * DAY).toISOString().slice(0, 10));
    expect(await insurerEffects(policyId('CI-PAID-1'))).toEqual(['bind', 'quote']);
    // the buyer (a company), the goods and the release went to the insurer under the consent, once, in the audit trail
    const disclosures = await p.db.financeDisclosure.findMany({ where: { purposeRef: { startsWith: policyId('CI-PAID-1') } } });
    expect(disclosures).toEqual([expect.objectContaining({ recipient: 'insurer', facts: ['BUYER_BUSINESS', 'GOODS', 'TIMELINE'], withheld: [] })]);
    expect(await p.db.auditEntry.count({ where: { action: 'finance-consent.disclosed', detail: { path: ['purposeRef'], equals: policyId('CI-PAID-1') } } })).toBe(1);
    expect(await p.temporal.workflow.getHandle(policyId('CI-PAID-1')).result()).toMatchObject({ status: 'COVER_ENDED' });
    await captureHistory(p.temporal, policyId('CI-PAID-1'), 'finance/credit-policy-paid-in-time');
  });

  it('opens a non-payment claim when the proceeds are not settled by the due date, paid by the insurer; proceeds after it are a recovery', async () => {
    // the buyer pays 30 business days late; the payment term is 20 days from release
    await control(p.simUrls.bank, 'scenarios', { key: shipmentId('CI-LATE-1'), scenario: 'late-funds', params: { businessDelayMs: 30 * DAY } });
    await ship('CI-LATE-1');
    expect((await insure('CI-LATE-1', 'HRB-LATE-1', 20)).response.status).toBe(202);
    const id = policyId('CI-LATE-1');
    const opened = await policyWhen(p, id, 'claim opened', (x) => x.claims.length > 0);
    const claim = opened.claims[0]!;
    expect(claim).toMatchObject({ loss: 'NON_PAYMENT', amount: '660.00', occurredOn: opened.credit!.dueDate });
    expect(claim.evidence.map((e) => e.type)).toEqual(['CUSTOMS_DECLARATION', 'FX_RECORD']);
    expect(claim.evidence[0]!.detail).toMatch(/^customs declaration \d{18} released on \d{4}-\d{2}-\d{2}$/);
    expect(claim.evidence[1]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), detail: `no proceeds settled by the due date ${opened.credit!.dueDate} (660.00 USD owed)` });

    // the insurer pays 90 % by signed callback, bound to the policy
    const paid = await policyWhen(p, id, 'claim decided', (x) => x.claims[0]?.status !== 'OPENED');
    expect(paid).toMatchObject({ status: 'CLAIM_PAID', claims: [{ status: 'PAID', paidAmount: '594.00' }] });
    // the late proceeds settle afterwards: recorded as a recovery owed to the insurer
    const recovered = await policyWhen(p, id, 'proceeds after the claim', (x) => x.credit?.settled !== null);
    expect(recovered).toMatchObject({ status: 'CLAIM_PAID', credit: { settled: { amount: '672.50', currency: 'USD', afterClaim: true } } });
    expect(recovered.reason).toMatch(/after the claim opened: a recovery/);
    expect(await insurerEffects(id)).toEqual(['bind', 'claim', 'quote']);
    // the claim's FX record went to the insurer as its own disclosure
    const disclosures = await p.db.financeDisclosure.findMany({ where: { purposeRef: `${id}:claim` } });
    expect(disclosures).toEqual([expect.objectContaining({ facts: ['TIMELINE', 'FX'] })]);
    // decided and recovered: the policy's workflow has nothing left to wait for
    expect(await p.temporal.workflow.getHandle(id).result()).toMatchObject({ status: 'CLAIM_PAID' });
    await captureHistory(p.temporal, id, 'finance/credit-policy-claim-paid');
  });

  it('refuses cover above the insurer’s limit for the buyer, then a consignment that does not fit, with the code', async () => {
    // the insurer's underwriter gives this buyer USD 500.00
    await control(p.simUrls.insurer!, 'scenarios', { key: policyId('CI-LIMIT-1'), scenario: 'buyer-limit', params: { limit: '500.00' } });
    await ship('CI-LIMIT-1');
    expect((await insure('CI-LIMIT-1', 'HRB-LIMIT')).response.status).toBe(202);
    const declined = await policyWhen(p, policyId('CI-LIMIT-1'), 'declined', (x) => x.status === 'DECLINED');
    expect(declined.reason).toMatch(/^ABOVE_BUYER_LIMIT: buyer limit 500\.00 USD, 500\.00 left/);
    expect(declined).toMatchObject({ policyNo: null, claims: [], credit: { buyerLimit: '500.00', available: '500.00' } });
    expect(await insurerEffects(policyId('CI-LIMIT-1'))).toEqual([]); // a refused quote is no effect: nothing held, nothing bound

    // the next consignment to the same buyer: refused before anything is written or started
    await ship('CI-LIMIT-2');
    const refused = await insure('CI-LIMIT-2', 'HRB-LIMIT');
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ code: 'ABOVE_BUYER_LIMIT', fields: [{ path: 'body.shipmentId' }] });
    expect(await p.db.insurancePolicy.findUnique({ where: { id: policyId('CI-LIMIT-2') } })).toBeNull();
  });
});
