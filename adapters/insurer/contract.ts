import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, rejection, type ContractHarness } from '../kit/testing.js';
import { InsurerErrorCode, type ClaimRequest, type InsurerEvent, type InsurerPort, type QuoteRequest } from './port.js';

export interface InsurerHarness extends ContractHarness<InsurerPort> {
  /** The claim decision the insurer sent for `claimId` (waits for it). */
  decision(claimId: string): Promise<InsurerEvent>;
}

const INSURED = { code: '5117960001', name: '达州市竹编工艺品有限公司' };

export function cargoQuote(over: Partial<QuoteRequest> = {}): QuoteRequest {
  return {
    reference: `policy:shipment:ent-dazhou-demo:${randomUUID().slice(0, 8)}`,
    cover: 'CARGO',
    insured: INSURED,
    currency: 'CNY',
    insuredValue: '200000.00',
    cargo: { corridor: 'CR_EXPRESS_CHENGDU', goods: [{ hsCode: '4602191000', description: '竹编收纳篮' }], departureDate: '2026-12-10' },
    ...over,
  };
}

export function creditQuote(over: Partial<QuoteRequest> = {}): QuoteRequest {
  return {
    reference: `policy:shipment:ent-dazhou-demo:${randomUUID().slice(0, 8)}`,
    cover: 'EXPORT_CREDIT',
    insured: INSURED,
    currency: 'USD',
    insuredValue: '50000.00',
    credit: { buyer: { name: 'Duisburg Home GmbH', country: 'DE', registrationNo: `HRB${randomUUID().slice(0, 6)}` }, paymentTermsDays: 90 },
    ...over,
  };
}

export const evidence = (type: ClaimRequest['evidence'][number]['type'] = 'WAREHOUSE_RECEIPT') => [{ type, sha256: 'd'.repeat(64) }];

/** The behaviour every insurer implementation must show: priced quotes, one policy per quote, claims decided by callback. */
export function insurerContractSuite(name: string, makeHarness: () => Promise<InsurerHarness>): void {
  describeContract(`${name} (insurer contract)`, makeHarness, (h) => {
    it('quotes cargo cover once per key and binds it into one policy', async () => {
      const req = cargoQuote();
      const quote = await h.port.quote(req, `${req.reference}:quote`);
      expect(quote).toMatchObject({ reference: req.reference, cover: 'CARGO', currency: 'CNY', insuredValue: '200000.00' });
      expect(Number(quote.premium)).toBeGreaterThan(0);
      expect(await h.port.quote(req, `${req.reference}:quote`)).toEqual(quote);
      const policy = await h.port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`);
      expect(policy).toMatchObject({ status: 'BOUND', premium: quote.premium, cover: 'CARGO' });
      expect(await h.port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`)).toEqual(policy);
      const again = await rejection(h.port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind-2`));
      expect(again).toMatchObject({ code: InsurerErrorCode.QuoteAlreadyBound, retryable: false });
      expect(await h.ledger(`${req.reference}:bind`)).toEqual([expect.objectContaining({ operation: 'bind', requests: 2 })]);
    });

    it('pays a damage claim from the warehouse receipt by callback, less the deductible, never above the claim', async () => {
      const req = cargoQuote();
      const quote = await h.port.quote(req, `${req.reference}:quote`);
      const policy = await h.port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`);
      const claimReq: ClaimRequest = { reference: req.reference, policyNo: policy.policyNo, loss: 'DAMAGE', currency: 'CNY', amount: '12000.00', occurredOn: '2026-12-20', evidence: evidence() };
      const claim = await h.port.claim(claimReq, `${req.reference}:claim-1`);
      expect(await h.port.claim(claimReq, `${req.reference}:claim-1`)).toEqual(claim);
      const decided = await h.decision(claim.claimId);
      expect(decided).toMatchObject({ type: 'CLAIM_DECIDED', reference: req.reference, policyNo: policy.policyNo, decision: 'PAID', currency: 'CNY' });
      expect(Number(decided.paidAmount)).toBeGreaterThan(0);
      expect(Number(decided.paidAmount) + Number(quote.deductible)).toBeLessThanOrEqual(12_000);
    });

    it('refuses a claim above the insured value, a loss the cover does not insure, and another policy’s reference', async () => {
      const req = cargoQuote({ insuredValue: '1000.00' });
      const quote = await h.port.quote(req, `${req.reference}:quote`);
      const policy = await h.port.bind({ reference: req.reference, quoteId: quote.quoteId }, `${req.reference}:bind`);
      const base = { reference: req.reference, policyNo: policy.policyNo, currency: 'CNY', occurredOn: '2026-12-20', evidence: evidence() };
      expect(await rejection(h.port.claim({ ...base, loss: 'LOSS', amount: '1000.01' }, `c:${randomUUID()}`))).toMatchObject({ code: InsurerErrorCode.ClaimAboveInsuredValue, retryable: false });
      expect(await rejection(h.port.claim({ ...base, loss: 'NON_PAYMENT', amount: '10.00' }, `c:${randomUUID()}`))).toMatchObject({ code: InsurerErrorCode.LossNotCovered, retryable: false });
      expect(await rejection(h.port.claim({ ...base, reference: 'policy:other', loss: 'LOSS', amount: '10.00' }, `c:${randomUUID()}`))).toMatchObject({ code: InsurerErrorCode.ReferenceMismatch });
    });

    it('holds a limit per buyer for export credit cover and refuses beyond it', async () => {
      const first = creditQuote({ insuredValue: '250000.00' });
      const quote = await h.port.quote(first, `${first.reference}:quote`);
      expect(quote).toMatchObject({ cover: 'EXPORT_CREDIT', buyerLimit: '300000.00' });
      expect(quote.indemnityBp).toBeLessThan(10_000);
      const second = creditQuote({ insuredValue: '60000.00', credit: first.credit! });
      const err = await rejection(h.port.quote(second, `${second.reference}:quote`));
      expect(err).toMatchObject({ code: InsurerErrorCode.AboveBuyerLimit, retryable: false, details: { body: { details: { available: '50000.00' } } } });
    });
  });
}
