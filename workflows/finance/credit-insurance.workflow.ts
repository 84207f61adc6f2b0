import { condition } from '@temporalio/workflow';
import { creditDueAt, creditDueDate, RECOVERY_WATCH_MS } from '../../domain/finance/insured-events.js';
import { DAY, HOUR, scaled } from '../../domain/time.js';
import type { CreditPolicyInput } from './credit-insurance-contract.js';
import { PolicyStatus, type CargoPolicyState, type ClaimDecision, type ClaimView } from './insurance-contract.js';
import { policyRun } from './policy.js';

/**
 * Export credit insurance (出口信用保险) of one 9710 consignment (issue 20 §2), id
 * credit-policy:<shipmentId>. The cover starts at customs release: the insurer quotes the buyer
 * (approves within its limit for that buyer, or refuses: above the limit, or the buyer declined,
 * with its reason) and the quote is bound. When the proceeds have not settled (FX_SETTLED in the
 * shipment's timeline) by the due date (release + payment term, business time), a NON_PAYMENT claim
 * opens with the declaration, the release, the due date and the FX record as evidence; the insurer
 * decides by signed callback. Proceeds settling after the claim opened are recorded as a recovery
 * (domain/finance/insured-events.ts). The shipment's facts are read from the projection, so the
 * shipment workflow and its replay histories are unchanged.
 */
export async function creditInsuranceWorkflow(input: CreditPolicyInput): Promise<CargoPolicyState> {
  const { acts, state, decisions, setStatus } = policyRun(input, PolicyStatus.AWAITING_RELEASE);
  const end = async (status: PolicyStatus, reason?: string) => {
    await setStatus(status, reason);
    return state;
  };
  const facts = () => acts('Read the consignment').readCreditFacts({ shipmentId: input.shipmentId });
  const hourly = scaled(HOUR, input.timeScale, 1_000);
  const daily = scaled(DAY, input.timeScale, 1_000);

  // 1. the cover starts at customs release
  let f = await facts();
  while (!f.released) {
    if (f.ended) return end(PolicyStatus.DECLINED, 'SHIPMENT_ENDED: the consignment ended before customs released it');
    await condition(() => false, hourly);
    f = await facts();
  }
  const buyer = f.buyer!;
  const dueDate = creditDueDate(f.released.on, input.paymentTermsDays);
  state.credit = { buyer: { ...buyer, registrationNo: input.buyerRegistrationNo }, paymentTermsDays: input.paymentTermsDays, dueDate };
  if (f.settled) return end(PolicyStatus.DECLINED, `ALREADY_COLLECTED: the proceeds settled on ${f.settled.on}; nothing is owed to insure`);
  const disclosure = await acts('Disclose the buyer and the goods under consent').discloseCreditEvidence({ policyId: input.policyId, enterpriseId: input.enterpriseId, insurer: input.insurer, shipmentId: input.shipmentId, registrationNo: input.buyerRegistrationNo });
  if (!disclosure.disclosed) return end(PolicyStatus.CONSENT_REFUSED, disclosure.reason);
  const bound = await acts('Quote the buyer and bind export credit cover').bindCreditPolicy({ input, currency: f.currency, insuredValue: f.insuredValue, buyer });
  Object.assign(state, { currency: f.currency, insuredValue: f.insuredValue });
  if (!bound.bound) {
    Object.assign(state.credit, { buyerLimit: bound.buyerLimit, available: bound.available });
    return end(PolicyStatus.DECLINED, `${bound.code.replace(/^INSURER\./, '')}: ${bound.message}`);
  }
  Object.assign(state, { policyNo: bound.policyNo, premium: bound.premium, rateBp: bound.rateBp, coverFrom: bound.coverFrom, coverTo: bound.coverTo });
  Object.assign(state.credit, { buyerLimit: bound.buyerLimit, indemnityBp: bound.indemnityBp });
  await setStatus(PolicyStatus.BOUND);

  // 2. the proceeds by the due date, read once a business day
  const dueAt = creditDueAt(f.released.at, input.paymentTermsDays, input.timeScale);
  while (!f.settled && Date.now() < dueAt) {
    await condition(() => false, Math.min(daily, Math.max(dueAt - Date.now(), 1_000)));
    f = await facts();
  }
  if (f.settled) {
    state.credit.settled = { ...f.settled, afterClaim: false };
    return end(PolicyStatus.COVER_ENDED, `paid in time: ${f.settled.amount} ${f.settled.currency} settled on ${f.settled.on}, due ${dueDate}`);
  }

  // 3. not paid by the due date: a non-payment claim with its evidence
  const claimDisclosure = await acts('Disclose the FX record for the claim').discloseCreditEvidence({ policyId: input.policyId, enterpriseId: input.enterpriseId, insurer: input.insurer, shipmentId: input.shipmentId, registrationNo: input.buyerRegistrationNo, claimDueDate: dueDate });
  if (!claimDisclosure.disclosed) return end(PolicyStatus.CONSENT_REFUSED, `no claim opened: ${claimDisclosure.reason}`);
  const evidence = await acts('Assemble the non-payment evidence').nonPaymentEvidence({ shipmentId: input.shipmentId, dueDate });
  const claim: ClaimView = { key: `${input.policyId}:claim:non-payment`, loss: 'NON_PAYMENT', amount: f.insuredValue, occurredOn: dueDate, status: 'OPENED', evidence };
  const { claimId } = await acts('Open the non-payment claim').openClaim({ input, policyNo: state.policyNo!, currency: f.currency, claim });
  state.claims = [{ ...claim, claimId }];
  await setStatus(PolicyStatus.CLAIM_OPENED);

  // 4. the insurer's decision; proceeds arriving meanwhile or later (until the watch ends) are a recovery
  let decision: ClaimDecision | undefined;
  const decided = () => (decision = decisions.find((d) => d.claimId === claimId)) !== undefined;
  const watchUntil = dueAt + scaled(RECOVERY_WATCH_MS, input.timeScale);
  let status: PolicyStatus = PolicyStatus.CLAIM_OPENED;
  while (!decided() || (!state.credit.settled && Date.now() < watchUntil)) {
    const wasDecided = decision !== undefined;
    if (await condition(() => !wasDecided && decided(), daily)) {
      const paid = decision!.decision === 'PAID';
      state.claims = [{ ...state.claims[0]!, status: paid ? 'PAID' : 'DECLINED', paidAmount: decision!.paidAmount, ...(decision!.reason ? { reason: decision!.reason } : {}) }];
      status = paid ? PolicyStatus.CLAIM_PAID : PolicyStatus.CLAIM_DECLINED;
      await setStatus(status, decision!.reason);
      continue;
    }
    if (state.credit.settled) continue;
    f = await facts();
    if (!f.settled) continue;
    state.credit.settled = { ...f.settled, afterClaim: true };
    await setStatus(status, `proceeds ${f.settled.amount} ${f.settled.currency} settled on ${f.settled.on}, after the claim opened: a recovery, owed to the insurer up to its indemnity`);
  }
  return state;
}
