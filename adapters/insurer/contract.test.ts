import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { createInsurerClient } from './client.js';
import { cargoQuote, creditQuote, evidence, insurerContractSuite } from './contract.js';
import { InsurerErrorCode, InsurerEventSchema, type InsurerEvent, type InsurerPort } from './port.js';
import { createInsurerSimulator } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createInsurerSimulator({ timeScale: TIME_SCALE, callback }), { secret: 'insurer-callback-secret', path: '/callbacks/insurer' });
let port: InsurerPort;
beforeAll(() => {
  port = createInsurerClient({ baseUrl: sim.baseUrl });
});

const decision = (claimId: string): Promise<InsurerEvent> =>
  eventually(() => sim.received.filter((r) => r.verified).map((r) => InsurerEventSchema.safeParse(r.body).data).find((e) => e?.claimId === claimId));

insurerContractSuite('insurer', async () => ({ port, ledger: sim.ledger, decision }));

async function bound(req = cargoQuote()) {
  const quote = await port.quote(req, `${req.reference}:quote`);
  return { req, quote, policy: await port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`) };
}

describe('insurer simulator', () => {
  it('prices cargo by corridor and goods: 0.08 % on the Chengdu express, doubled for lithium batteries, at least CNY 50', async () => {
    expect(await port.quote(cargoQuote(), 'q-1')).toMatchObject({ rateBp: 8, premium: '160.00', deductible: '1000.00' });
    const batteries = cargoQuote({ cargo: { corridor: 'LAND_SEA_QINZHOU', goods: [{ hsCode: '8507600010', description: '锂离子蓄电池' }], departureDate: '2026-12-10' } });
    expect(await port.quote(batteries, 'q-2')).toMatchObject({ rateBp: 24, premium: '480.00' });
    expect(await port.quote(cargoQuote({ insuredValue: '1000.00' }), 'q-3')).toMatchObject({ premium: '50.00' });
    const unknown = cargoQuote({ cargo: { corridor: 'AIR_FREIGHT', goods: [{ hsCode: '4602191000', description: '竹编收纳篮' }], departureDate: '2026-12-10' } });
    expect(await rejection(port.quote(unknown, 'q-4'))).toMatchObject({ code: InsurerErrorCode.CorridorNotCovered });
  });

  it('pays 90 % of an export credit loss when FX is not received', async () => {
    const { req, policy } = await bound(creditQuote({ insuredValue: '10000.00' }));
    expect(policy.coverTo > policy.coverFrom).toBe(true);
    const claim = await port.claim({ reference: req.reference, policyNo: policy.policyNo, loss: 'NON_PAYMENT', currency: 'USD', amount: '10000.00', occurredOn: '2027-03-10', evidence: evidence('BANK_STATEMENT') }, `${req.reference}:claim`);
    expect(await decision(claim.claimId)).toMatchObject({ decision: 'PAID', paidAmount: '9000.00', currency: 'USD' });
  });

  it('declines a seizure under cargo cover, and a claim the scenario declines, with the reason', async () => {
    const { req, policy } = await bound();
    const seized = await port.claim({ reference: req.reference, policyNo: policy.policyNo, loss: 'SEIZURE', currency: 'CNY', amount: '5000.00', occurredOn: '2026-12-20', evidence: evidence('CUSTOMS_DECLARATION') }, `${req.reference}:claim-1`);
    expect(await decision(seized.claimId)).toMatchObject({ decision: 'DECLINED', paidAmount: '0.00', reason: expect.stringContaining('seizure') });
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'decline', params: { reason: 'damage predates loading' } });
    const damaged = await port.claim({ reference: req.reference, policyNo: policy.policyNo, loss: 'DAMAGE', currency: 'CNY', amount: '5000.00', occurredOn: '2026-12-20', evidence: evidence() }, `${req.reference}:claim-2`);
    expect(await decision(damaged.claimId)).toMatchObject({ decision: 'DECLINED', reason: 'damage predates loading' });
  });

  it('declines a buyer outright, or holds the lower limit its underwriter set, with the reason and what is left', async () => {
    const declined = creditQuote();
    await sim.control('/_control/scenarios', { key: declined.reference, scenario: 'decline-buyer', params: { reason: 'insolvency proceedings opened' } });
    expect(await rejection(port.quote(declined, `${declined.reference}:quote`))).toMatchObject({ code: InsurerErrorCode.BuyerDeclined, retryable: false, message: expect.stringContaining('insolvency proceedings opened') });
    const limited = creditQuote({ insuredValue: '600.00' });
    await sim.control('/_control/scenarios', { key: limited.reference, scenario: 'buyer-limit', params: { limit: '500.00' } });
    const err = await rejection(port.quote(limited, `${limited.reference}:quote`));
    expect(err).toMatchObject({ code: InsurerErrorCode.AboveBuyerLimit, details: { body: { details: { buyerLimit: '500.00', available: '500.00' } } } });
    // a customs country code names the buyer's country as well as ISO alpha-2
    const customsCountry = creditQuote({ credit: { buyer: { name: 'Müller Handels GmbH', country: '304', registrationNo: 'HRB-1' }, paymentTermsDays: 60 } });
    expect(await port.quote(customsCountry, `${customsCountry.reference}:quote`)).toMatchObject({ cover: 'EXPORT_CREDIT', rateBp: 60 });
  });

  it('requires an idempotency key, and cargo details for cargo cover', async () => {
    const res = await fetch(`${sim.baseUrl}/v1/quotes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cargoQuote()) });
    expect(await res.json()).toMatchObject({ code: InsurerErrorCode.IdempotencyKeyRequired });
    const { cargo: _cargo, ...noCargo } = cargoQuote();
    expect(await rejection(port.quote(noCargo, 'q-5'))).toMatchObject({ code: InsurerErrorCode.InvalidRequest, status: 400 });
  });
});
