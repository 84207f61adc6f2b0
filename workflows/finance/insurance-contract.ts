import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The only way other code talks to a cargo insurance policy (insurance.workflow.ts): its id,
 * input, state, the insurer's claim decision signal and the query.
 */
export function policyWorkflowId(shipmentId: string): string {
  return `policy:${shipmentId}`;
}

export const PolicyStatus = {
  /** Waiting for the shipment's transport booking: the cover is bound at booking. */
  AWAITING_BOOKING: 'AWAITING_BOOKING',
  /** Export credit: waiting for the consignment's customs release, when its cover starts. */
  AWAITING_RELEASE: 'AWAITING_RELEASE',
  BOUND: 'BOUND',
  CLAIM_OPENED: 'CLAIM_OPENED',
  CLAIM_PAID: 'CLAIM_PAID',
  CLAIM_DECLINED: 'CLAIM_DECLINED',
  /** The shipment ended (or the goods were received whole, or the buyer paid in time, or seized: excluded): no claim. */
  COVER_ENDED: 'COVER_ENDED',
  CONSENT_REFUSED: 'CONSENT_REFUSED',
  /** The insurer would not quote or bind (its reason), or the shipment ended before booking. */
  DECLINED: 'DECLINED',
} as const;
export type PolicyStatus = (typeof PolicyStatus)[keyof typeof PolicyStatus];

export interface CargoPolicyInput {
  policyId: string;
  enterpriseId: string;
  enterprise: { code: string; name: string };
  shipmentId: string;
  insurer: string;
  timeScale: number;
}

export interface ClaimView {
  key: string;
  claimId?: string;
  loss: 'DAMAGE' | 'LOSS' | 'NON_PAYMENT';
  /** Minor units of the policy's currency. */
  amount: number;
  occurredOn: string;
  evidence: ClaimEvidence[];
  status: 'OPENED' | 'PAID' | 'DECLINED';
  paidAmount?: string;
  reason?: string;
}

/** A fact of the shipment a claim rests on, by the digest of what the platform recorded. */
export interface ClaimEvidence {
  type: 'WAREHOUSE_RECEIPT' | 'CARRIER_MILESTONES' | 'CUSTOMS_DECLARATION' | 'FX_RECORD';
  sha256: string;
  detail: string;
}

/** Export credit cover of a 9710 consignment (credit-insurance.workflow.ts): the buyer is a business. */
export interface CreditCover {
  buyer: { name: string; country: string; registrationNo: string };
  paymentTermsDays: number;
  /** The release date + the payment term. */
  dueDate?: string;
  /** The insurer's limit for this buyer and what was left of it when it quoted or refused (decimal strings). */
  buyerLimit?: string;
  available?: string;
  indemnityBp?: number;
  /** The consignment's proceeds, once settled (FX_SETTLED, or a CNY receipt): in time, or after a claim opened. */
  settled?: { on: string; amount: string; currency: string; afterClaim: boolean };
}

export interface CargoPolicyState {
  status: PolicyStatus;
  reason?: string;
  currency?: string;
  insuredValue?: number;
  premium?: number;
  rateBp?: number;
  policyNo?: string;
  coverFrom?: string;
  coverTo?: string;
  claims: ClaimView[];
  /** EXPORT_CREDIT only. */
  credit?: CreditCover;
}

/** The insurer's CLAIM_DECIDED callback bound to this policy (api/callbacks/insurer.ts). */
export interface ClaimDecision {
  eventId: string;
  claimId: string;
  decision: 'PAID' | 'DECLINED';
  paidAmount: string;
  reason?: string | undefined;
}

export const claimDecided = defineSignal<[ClaimDecision]>('claimDecided');
export const getPolicy = defineQuery<CargoPolicyState>('getPolicy');
