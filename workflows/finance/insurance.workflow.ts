import { condition, isCancellation, patched } from '@temporalio/workflow';
import { lossPresumedAfterMs, transitOutcome } from '../../domain/finance/insured-events.js';
import { chinaDate, DAY, HOUR, scaled } from '../../domain/time.js';
import { PolicyStatus, type CargoPolicyInput, type CargoPolicyState, type ClaimDecision, type ClaimView } from './insurance-contract.js';
import { policyRun } from './policy.js';

/**
 * Cargo insurance of one shipment (issue 20 §2), id policy:<shipmentId>. Bound when the transport is
 * booked (premium by value, corridor and goods: the insurer's quote), then a claim opened from the
 * shipment's own facts: damaged units at the warehouse receipt, valued at their declared unit
 * price, with the receipt's digest as evidence; or the whole insured value when the consignment
 * departed and never arrived (presumed lost, domain/finance/insured-events.ts), with the carrier's
 * milestones as evidence. A seizure ends the cover without a claim (excluded, docs/finance.md §6).
 * The insurer decides by signed callback (CLAIM_DECIDED).
 * The shipment's facts are read from the projection (polled hourly, business time), so the shipment
 * workflow and its replay histories are unchanged.
 */
export async function cargoInsuranceWorkflow(input: CargoPolicyInput): Promise<CargoPolicyState> {
  const { acts, state, decisions, setStatus } = policyRun(input, PolicyStatus.AWAITING_BOOKING);
  const poll = scaled(HOUR, input.timeScale, 1_000);
  const facts = () => acts('Read the shipment').readCargoFacts({ shipmentId: input.shipmentId });

  // 1. the cover starts with the transport booking
  let f = await facts();
  while (!f.booked) {
    if (f.ended) return end(PolicyStatus.DECLINED, 'SHIPMENT_ENDED: the shipment ended before its transport was booked');
    await condition(() => false, poll);
    f = await facts();
  }
  if (!f.corridor) return end(PolicyStatus.DECLINED, 'NO_TRANSPORT: the shipment has no corridor to insure');
  const disclosure = await acts('Disclose the goods under consent').disclosePolicyEvidence({ policyId: input.policyId, enterpriseId: input.enterpriseId, insurer: input.insurer, shipmentId: input.shipmentId, mode: f.mode });
  if (!disclosure.disclosed) return end(PolicyStatus.CONSENT_REFUSED, disclosure.reason);
  try {
    const bound = await acts('Quote and bind cargo cover').bindCargoPolicy({ input, currency: f.currency, insuredValue: f.insuredValue, corridor: f.corridor, goods: f.goods, departureDate: f.booked.on });
    Object.assign(state, { currency: f.currency, insuredValue: f.insuredValue, ...bound });
  } catch (err) {
    if (isCancellation(err)) throw err;
    return end(PolicyStatus.DECLINED, `the insurer refused: ${(err as Error).cause instanceof Error ? (err as Error & { cause: Error }).cause.message : String(err)}`);
  }
  await setStatus(PolicyStatus.BOUND);

  // 2. the journey and the warehouse receipt: goods lost in transit, or damaged units at the receipt,
  // open a claim with the shipment's facts as evidence; a seizure is excluded (patch: policies bound
  // before it waited for the receipt or the shipment's end only)
  const transitEvents = patched('cargo-loss-and-seizure');
  while (!f.receipt) {
    const outcome = transitEvents ? transitOutcome(f, Date.now(), input.timeScale) : { kind: 'NONE' as const };
    if (outcome.kind === 'SEIZED') return end(PolicyStatus.COVER_ENDED, `SEIZURE_EXCLUDED: the goods were seized on ${outcome.on} (${outcome.note}); seizure is excluded from cargo cover, no claim opened`);
    if (outcome.kind === 'LOST') {
      const departedOn = chinaDate(Date.parse(outcome.departedAt));
      return claimed('Open the loss claim', {
        key: `${input.policyId}:claim:loss`, loss: 'LOSS', amount: f.insuredValue, occurredOn: departedOn, status: 'OPENED',
        evidence: [{ type: 'CARRIER_MILESTONES', sha256: f.milestonesDigest!, detail: `departed on ${departedOn} (${f.departed!.info}), no arrival reported ${lossPresumedAfterMs(f.corridor!) / DAY} business days later: presumed lost in transit` }],
      });
    }
    if (f.ended) return end(PolicyStatus.COVER_ENDED, 'the shipment ended without a warehouse receipt');
    await condition(() => false, poll);
    f = await facts();
  }
  const damaged = f.receipt.damaged;
  if (damaged.length === 0) return end(PolicyStatus.COVER_ENDED, `received whole on ${f.receipt.on}`);
  return claimed('Open the damage claim', {
    key: `${input.policyId}:claim:damage`, loss: 'DAMAGE', amount: damaged.reduce((a, d) => a + d.value, 0), occurredOn: f.receipt.on, status: 'OPENED',
    evidence: [{ type: 'WAREHOUSE_RECEIPT', sha256: f.receiptDigest!, detail: `damaged at receipt: ${damaged.map((d) => `${d.sku} ×${d.qty}`).join(', ')}` }],
  });

  /** 3. the claim opened, then the insurer's decision. */
  async function claimed(summary: string, claim: ClaimView): Promise<CargoPolicyState> {
    const { claimId } = await acts(summary).openClaim({ input, policyNo: state.policyNo!, currency: f.currency, claim });
    state.claims = [{ ...claim, claimId }];
    await setStatus(PolicyStatus.CLAIM_OPENED);
    let decision: ClaimDecision | undefined;
    await condition(() => (decision = decisions.find((d) => d.claimId === claimId)) !== undefined);
    const paid = decision!.decision === 'PAID';
    state.claims = [{ ...state.claims[0]!, status: paid ? 'PAID' : 'DECLINED', paidAmount: decision!.paidAmount, ...(decision!.reason ? { reason: decision!.reason } : {}) }];
    return end(paid ? PolicyStatus.CLAIM_PAID : PolicyStatus.CLAIM_DECLINED, decision!.reason);
  }

  async function end(status: PolicyStatus, reason?: string): Promise<CargoPolicyState> {
    await setStatus(status, reason);
    return state;
  }
}
