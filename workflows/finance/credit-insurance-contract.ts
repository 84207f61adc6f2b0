import type { CargoPolicyInput } from './insurance-contract.js';

/**
 * Export credit insurance (出口信用保险) of one 9710 consignment (credit-insurance.workflow.ts): its id
 * and input. Its state, statuses, claim decision signal and query are the cargo policy's
 * (insurance-contract.ts): the insurer's callbacks reach either by the policy id.
 */
export function creditPolicyWorkflowId(shipmentId: string): string {
  return `credit-policy:${shipmentId}`;
}

export interface CreditPolicyInput extends CargoPolicyInput {
  /** The buyer's company registration number abroad (the insurer's key for its limit); name and country come from the shipment. */
  buyerRegistrationNo: string;
  paymentTermsDays: number;
}
