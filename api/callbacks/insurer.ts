import { bindInsurerEvent } from '../../adapters/insurer/inbound.js';
import type { InsurerEvent } from '../../adapters/insurer/port.js';
import { claimDecided } from '../../workflows/finance/insurance-contract.js';
import { CallbackRefused, deliver, type DeliverDeps, type Processed } from './deliver.js';

/**
 * An insurer's claim decision, bound to the policy its `reference` names (adapters/insurer/inbound.ts
 * bindInsurerEvent: only from that policy's insurer, with its policy number and a claim opened
 * under it), then signalled to the policy's workflow (its id is the policy id).
 */
export async function insurerNotice(deps: DeliverDeps, system: string, e: InsurerEvent): Promise<Processed> {
  const policy = await deps.db.insurancePolicy.findUnique({ where: { id: e.reference }, select: { id: true, insurer: true, policyNo: true, claims: true } });
  if (!policy?.policyNo) return { outcome: 'UNMATCHED' };
  const claims = policy.claims as { claimId?: string }[];
  const binding = bindInsurerEvent({ insurer: policy.insurer, policyNo: policy.policyNo, claimIds: claims.flatMap((c) => (c.claimId ? [c.claimId] : [])), claimsAwaitingId: claims.filter((c) => !c.claimId).length }, system, e);
  if (!binding.ok) throw new CallbackRefused(binding.status, binding.code, binding.field, binding.message);
  return { outcome: await deliver(() => deps.temporal.workflow.getHandle(policy.id).signal(claimDecided, { eventId: e.eventId, claimId: e.claimId, decision: e.decision, paidAmount: e.paidAmount, reason: e.reason })) };
}
