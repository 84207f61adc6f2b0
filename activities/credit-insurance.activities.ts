import { isAdapterError } from '../adapters/kit/errors.js';
import { InsurerErrorCode } from '../adapters/insurer/port.js';
import { creditFacts, nonPaymentEvidence } from '../db/credit-insurance.js';
import { discloseOnce, nonEmpty, signedEvidenceFor, type Disclosed } from '../db/finance-consent.js';
import { formatMinor, toMinor } from '../domain/finance/money.js';
import type { CreditPolicyInput } from '../workflows/finance/credit-insurance-contract.js';
import { callOutside } from './failures.js';
import { insurerPort, type InsuranceDeps } from './insurance.activities.js';

/** The insurer's answers that refuse the buyer: the workflow ends DECLINED with them, nothing is retried. */
const BUYER_REFUSALS: ReadonlySet<string> = new Set([InsurerErrorCode.AboveBuyerLimit, InsurerErrorCode.BuyerDeclined]);

export type CreditBinding =
  | { bound: true; policyNo: string; premium: number; rateBp: number; coverFrom: string; coverTo: string; buyerLimit?: string; indemnityBp: number }
  | { bound: false; code: string; message: string; buyerLimit?: string; available?: string };

/**
 * Export credit insurance's side effects (workflows/finance/credit-insurance.workflow.ts): the
 * consignment's facts from the projection, the disclosures under the enterprise's INSURANCE consent
 * (the cover, then a claim: each logged and audited once), and the quote and bind under the policy's
 * keys. Claims and the projection are the cargo policy's activities (insurance.activities.ts).
 */
export const createCreditInsuranceActivities = (deps: InsuranceDeps) => ({
  /** The consignment's declaration, release, value, business buyer and FX record. */
  async readCreditFacts(req: { shipmentId: string }) {
    return creditFacts(deps.db, req.shipmentId);
  },

  /**
   * Discloses under consent, once per purpose reference: for the cover (policy id) the buyer (a
   * company: name, country, registration number), the goods and the declaration's release; for a
   * claim (`<policy id>:claim`) the declaration's release and the FX record up to the due date.
   */
  async discloseCreditEvidence(req: { policyId: string; enterpriseId: string; insurer: string; shipmentId: string; registrationNo: string; claimDueDate?: string }): Promise<Disclosed> {
    const claim = req.claimDueDate !== undefined;
    const requested = claim ? (['TIMELINE', 'FX'] as const) : (['BUYER_BUSINESS', 'GOODS', 'TIMELINE'] as const);
    const purposeRef = claim ? `${req.policyId}:claim` : req.policyId;
    return discloseOnce(deps.db, { enterpriseId: req.enterpriseId, recipient: req.insurer, purpose: 'INSURANCE', purposeRef, requested, actor: `workflow:${req.policyId}`, signer: deps.evidenceSigner }, req.shipmentId, async () => {
      const f = await creditFacts(deps.db, req.shipmentId);
      return {
        subject: { type: 'SHIPMENT', id: req.shipmentId, enterpriseId: req.enterpriseId, mode: '9710' },
        source: {
          BUYER_BUSINESS: f.buyer ? { ...f.buyer, registrationNo: req.registrationNo } : undefined,
          GOODS: { insuredValue: formatMinor(f.insuredValue, f.currency), currency: f.currency },
          TIMELINE: { declarationNo: f.entryId, released: f.released },
          FX: claim ? { dueDate: req.claimDueDate, events: f.fx } : undefined,
        },
      };
    });
  },

  /** The evidence of a non-payment claim: the declaration's release and the FX record by the due date (digests). */
  async nonPaymentEvidence(req: { shipmentId: string; dueDate: string }) {
    return nonPaymentEvidence(await creditFacts(deps.db, req.shipmentId), req.dueDate);
  },

  /** Quotes export credit cover for the buyer and binds it, each once under the policy's keys; a buyer refused or above its limit is an answer, not an error. */
  async bindCreditPolicy(req: { input: CreditPolicyInput; currency: string; insuredValue: number; buyer: { name: string; country: string } }): Promise<CreditBinding> {
    const i = req.input;
    const port = insurerPort(deps, i.insurer);
    const currency = req.currency as 'CNY';
    const signedEvidence = await signedEvidenceFor(deps.db, i.insurer, i.policyId);
    const quote = await callOutside(async () => {
      try {
        return await port.quote({ reference: i.policyId, cover: 'EXPORT_CREDIT', insured: i.enterprise, currency, insuredValue: formatMinor(req.insuredValue, currency), credit: { buyer: { ...req.buyer, registrationNo: i.buyerRegistrationNo }, paymentTermsDays: i.paymentTermsDays }, ...nonEmpty(signedEvidence) }, `${i.policyId}:quote`);
      } catch (err) {
        if (isAdapterError(err) && BUYER_REFUSALS.has(err.code)) return refusal(err.code, err.message, err.details);
        throw err;
      }
    });
    if ('bound' in quote) return quote;
    const policy = await callOutside(() => port.bind({ reference: i.policyId, quoteId: quote.quoteId }, `${i.policyId}:bind`));
    return { bound: true, policyNo: policy.policyNo, premium: toMinor(policy.premium, currency), rateBp: quote.rateBp, coverFrom: policy.coverFrom, coverTo: policy.coverTo, indemnityBp: quote.indemnityBp, ...(quote.buyerLimit ? { buyerLimit: quote.buyerLimit } : {}) };
  },
});

/** The insurer's refusal in its own words (the answer's body), with the buyer's limit and what is left of it when it says. */
function refusal(code: string, message: string, details: Record<string, unknown> | undefined): CreditBinding {
  const body = details?.body as { message?: unknown; details?: { buyerLimit?: unknown; available?: unknown } } | undefined;
  const limits = body?.details ?? {};
  return {
    bound: false, code, message: typeof body?.message === 'string' ? body.message : message,
    ...(typeof limits.buyerLimit === 'string' ? { buyerLimit: limits.buyerLimit } : {}),
    ...(typeof limits.available === 'string' ? { available: limits.available } : {}),
  };
}
