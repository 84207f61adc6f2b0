import { authenticateSigned, JSON_REPLIES, parseJsonWith, type Inbound } from '../kit/inbound.js';
import type { Binding } from '../lender/inbound.js';
import { InsurerEventSchema, type InsurerEvent } from './port.js';

/** An insurer's callback (POST /v1/callbacks/insurer): the port's InsurerEventSchema, signed (kit/callbacks.ts). */
export const insurerInbound: Inbound<InsurerEvent> = {
  ...JSON_REPLIES,
  authenticate: authenticateSigned,
  parse: (raw) => parseJsonWith(InsurerEventSchema, raw),
};

/** What the platform knows of the policy a callback names (its projection). */
export interface PolicyFacts {
  insurer: string;
  policyNo: string;
  /** Claims opened under the policy whose id the insurer gave. */
  claimIds: readonly string[];
  /** Claims opened whose answer (and so whose id) the platform has not yet had. */
  claimsAwaitingId: number;
}

/**
 * Binds a claim decision to the policy its `reference` names, as carrier callbacks are bound to
 * their shipment: only from that policy's insurer, with that policy's number and a claim the
 * platform opened under it (while a claim's answer is outstanding, an unknown claim id may be
 * that claim's: the workflow checks it again).
 */
export function bindInsurerEvent(policy: PolicyFacts, system: string, e: InsurerEvent): Binding {
  if (system !== policy.insurer) return { ok: false, status: 403, code: 'CALLBACK_WRONG_SYSTEM', field: 'reference', message: `${system} is not the insurer of ${e.reference}; its callbacks do not count for it` };
  if (e.policyNo !== policy.policyNo) return { ok: false, status: 409, code: 'CALLBACK_NUMBER_MISMATCH', field: 'body.policyNo', message: `policy ${e.policyNo} is not the policy of ${e.reference}` };
  if (policy.claimsAwaitingId === 0 && !policy.claimIds.includes(e.claimId)) return { ok: false, status: 409, code: 'CALLBACK_NUMBER_MISMATCH', field: 'body.claimId', message: `claim ${e.claimId} was not opened under ${e.reference}` };
  return { ok: true };
}
