import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, rejection, type ContractHarness } from '../kit/testing.js';
import { LenderErrorCode, type ApplyRequest, type LenderEvent, type LenderPort, type Offer } from './port.js';

export interface LenderHarness extends ContractHarness<LenderPort> {
  /** The first callback of `type` the lender sent for `reference` (waits for it). */
  event<T extends LenderEvent['type']>(reference: string, type: T): Promise<Extract<LenderEvent, { type: T }>>;
  /** A product this lender offers, and one it does not (undefined: it offers all). */
  offered: ApplyRequest['product'];
  notOffered?: ApplyRequest['product'];
}

const hash = (c: string) => c.repeat(64);

export function application(product: ApplyRequest['product'], over: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    reference: `loan:ent-dazhou-demo:${randomUUID().slice(0, 8)}`,
    product,
    enterprise: { code: '5117960001', name: '达州市竹编工艺品有限公司' },
    currency: 'CNY',
    requestedAmount: '80000.00',
    financedValue: '100000.00',
    tenorDays: 90,
    documents: [{ type: 'EVIDENCE_PACKAGE', sha256: hash('a') }],
    ...over,
  };
}

export const BENEFICIARY = { accountName: '达州市竹编工艺品有限公司', accountNo: '6222020200112233445', bankCode: '102675000019' };

/**
 * The behaviour every lender implementation must show (simulators and, with credentials, the real
 * APIs via scripts/contract-live.ts): asynchronous decisions bound to the loan's reference, one
 * draw per offer, repayments applied exactly once and confirmed, a statement that balances.
 */
export function lenderContractSuite(name: string, makeHarness: () => Promise<LenderHarness>): void {
  describeContract(`${name} (lender contract)`, makeHarness, (h) => {
    async function approved(over: Partial<ApplyRequest> = {}): Promise<{ req: ApplyRequest; applicationId: string; offer: Offer }> {
      const req = application(h.offered, over);
      const { applicationId } = await h.port.apply(req, `${req.reference}:apply`);
      const decision = await h.event(req.reference, 'APPROVED');
      expect(decision.applicationId).toBe(applicationId);
      return { req, applicationId, offer: decision.offer };
    }

    it('takes an application once per key and decides it later by callback, within the ratio and the amount asked', async () => {
      const req = application(h.offered);
      const first = await h.port.apply(req, `${req.reference}:apply`);
      expect(first).toMatchObject({ reference: req.reference, status: 'UNDER_REVIEW' });
      expect(await h.port.apply(req, `${req.reference}:apply`)).toEqual(first);
      expect(await h.ledger(`${req.reference}:apply`)).toEqual([expect.objectContaining({ operation: 'apply', requests: 2 })]);
      const { offer } = (await h.event(req.reference, 'APPROVED'));
      expect(Number(offer.limit)).toBeLessThanOrEqual(Number(req.requestedAmount));
      expect(Number(offer.limit) * 10_000).toBeLessThanOrEqual(Number(req.financedValue) * offer.ratioBp + 1e-6);
      expect(offer).toMatchObject({ currency: 'CNY', tenorDays: 90 });
      expect(Date.parse(offer.expiresAt)).toBeGreaterThan(Date.now());
    });

    it('disburses an offer once: the same key answers the same disbursement, another key is refused', async () => {
      const { req, applicationId, offer } = await approved();
      const draw = { reference: req.reference, applicationId, offerId: offer.offerId, amount: offer.limit, currency: 'CNY', beneficiary: BENEFICIARY };
      const first = await h.port.disburse(draw, `${req.reference}:disburse`);
      expect(first).toMatchObject({ status: 'DISBURSED', amount: offer.limit, currency: 'CNY' });
      expect(first.maturityDate > first.valueDate).toBe(true);
      expect(await h.port.disburse(draw, `${req.reference}:disburse`)).toEqual(first);
      const again = await rejection(h.port.disburse(draw, `${req.reference}:disburse-2`));
      expect(again).toMatchObject({ code: LenderErrorCode.OfferAlreadyDrawn, retryable: false });
      expect(await h.ledger(`${req.reference}:disburse`)).toEqual([expect.objectContaining({ operation: 'disburse', requests: 2 })]);
    });

    it('refuses to draw more than the offer’s limit', async () => {
      const { req, applicationId, offer } = await approved();
      const above = (Number(offer.limit) + 0.01).toFixed(2);
      const err = await rejection(h.port.disburse({ reference: req.reference, applicationId, offerId: offer.offerId, amount: above, currency: 'CNY', beneficiary: BENEFICIARY }, `${req.reference}:disburse`));
      expect(err).toMatchObject({ code: LenderErrorCode.AmountAboveLimit, retryable: false });
    });

    it('applies a repayment once, confirms it by callback, and its statement balances', async () => {
      const { req, applicationId, offer } = await approved({ requestedAmount: '50000.00' });
      const d = await h.port.disburse({ reference: req.reference, applicationId, offerId: offer.offerId, amount: '40000.00', currency: 'CNY', beneficiary: BENEFICIARY }, `${req.reference}:disburse`);
      const repay = { reference: req.reference, disbursementId: d.disbursementId, instructionId: `${req.reference}:instr-1`, currency: 'CNY', amount: '25450.00', fees: d.fee, interest: '450.00', principal: (25_000 - Number(d.fee)).toFixed(2) };
      const r = await h.port.repay(repay, `${req.reference}:repay-1`);
      expect(await h.port.repay(repay, `${req.reference}:repay-1`)).toEqual(r);
      const confirmed = await h.event(req.reference, 'REPAYMENT_CONFIRMED');
      expect(confirmed).toMatchObject({ disbursementId: d.disbursementId, repaymentId: r.repaymentId, instructionId: repay.instructionId, amount: '25450.00' });
      const s = await h.port.statement(d.disbursementId);
      expect(s.repaid).toEqual({ fees: d.fee, interest: '450.00', principal: repay.principal });
      expect((Number(s.repaid.principal) * 100 + Number(s.outstandingPrincipal) * 100).toFixed(0)).toBe((Number(s.disbursed) * 100).toFixed(0));
    });

    it('refuses a repayment whose parts do not add up, or that repays more principal than is owed', async () => {
      const { req, applicationId, offer } = await approved({ requestedAmount: '10000.00' });
      const d = await h.port.disburse({ reference: req.reference, applicationId, offerId: offer.offerId, amount: '10000.00', currency: 'CNY', beneficiary: BENEFICIARY }, `${req.reference}:disburse`);
      const base = { reference: req.reference, disbursementId: d.disbursementId, instructionId: 'i-1', currency: 'CNY', fees: '0.00', interest: '0.00' };
      const split = await rejection(h.port.repay({ ...base, amount: '100.00', principal: '99.99' }, `${req.reference}:repay-a`));
      expect(split).toMatchObject({ code: LenderErrorCode.SplitMismatch, retryable: false });
      const over = await rejection(h.port.repay({ ...base, amount: '10000.01', principal: '10000.01' }, `${req.reference}:repay-b`));
      expect(over).toMatchObject({ code: LenderErrorCode.Overpayment, retryable: false });
    });

    it('refuses currencies it does not lend in, products it does not offer, and another loan’s numbers', async () => {
      const req = application(h.offered, { currency: 'XAU' });
      expect(await rejection(h.port.apply(req, `${req.reference}:apply`))).toMatchObject({ code: LenderErrorCode.CurrencyNotSupported, retryable: false });
      if (h.notOffered) {
        const other = application(h.notOffered);
        expect(await rejection(h.port.apply(other, `${other.reference}:apply`))).toMatchObject({ code: LenderErrorCode.ProductNotOffered, retryable: false });
      }
      const { applicationId, offer } = await approved();
      const stranger = `loan:ent-other:${randomUUID().slice(0, 8)}`;
      const err = await rejection(h.port.disburse({ reference: stranger, applicationId, offerId: offer.offerId, amount: '1.00', currency: 'CNY', beneficiary: BENEFICIARY }, `${stranger}:disburse`));
      expect(err).toMatchObject({ code: LenderErrorCode.ReferenceMismatch, retryable: false });
    });
  });
}
