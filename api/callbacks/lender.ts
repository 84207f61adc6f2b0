import { bindLenderEvent } from '../../adapters/lender/inbound.js';
import type { LenderEvent } from '../../adapters/lender/port.js';
import { lenderEventReceived, type LenderSignal } from '../../workflows/finance/contract.js';
import { CallbackRefused, deliver, type DeliverDeps, type Processed } from './deliver.js';

/**
 * A lender's callback, bound to the loan its `reference` names (adapters/lender/inbound.ts
 * bindLenderEvent: only from that loan's lender, with the numbers it gave and the platform sent),
 * then signalled to the loan's workflow (its id is the loan id). One that does not bind changes nothing.
 */
export async function lenderNotice(deps: DeliverDeps, system: string, e: LenderEvent): Promise<Processed> {
  const loan = await deps.db.financeLoan.findUnique({ where: { id: e.reference }, select: { id: true, lender: true, applicationId: true, disbursementId: true, repayments: true } });
  if (!loan) return { outcome: 'UNMATCHED' };
  const instructionIds = (loan.repayments as { instructionId: string }[]).map((r) => r.instructionId);
  const binding = bindLenderEvent({ lender: loan.lender, applicationId: loan.applicationId, disbursementId: loan.disbursementId, instructionIds }, system, e);
  if (!binding.ok) throw new CallbackRefused(binding.status, binding.code, binding.field, binding.message);
  return { outcome: await deliver(() => deps.temporal.workflow.getHandle(loan.id).signal(lenderEventReceived, toSignal(e))) };
}

function toSignal(e: LenderEvent): LenderSignal {
  switch (e.type) {
    case 'APPROVED': return { eventId: e.eventId, type: e.type, applicationId: e.applicationId, offer: e.offer };
    case 'REJECTED': return { eventId: e.eventId, type: e.type, applicationId: e.applicationId, reason: e.reason };
    case 'DOCUMENTS_REQUIRED': return { eventId: e.eventId, type: e.type, applicationId: e.applicationId, documents: e.documents, text: e.text };
    case 'REPAYMENT_CONFIRMED': return { eventId: e.eventId, type: e.type, disbursementId: e.disbursementId, repaymentId: e.repaymentId, instructionId: e.instructionId, amount: e.amount, valueDate: e.valueDate };
    case 'COLLATERAL_RELEASED': return { eventId: e.eventId, type: e.type, disbursementId: e.disbursementId, releaseId: e.releaseId, lines: e.lines };
  }
}
