import { authenticateSigned, JSON_REPLIES, parseJsonWith, type Inbound } from '../kit/inbound.js';
import { LenderEventSchema, type LenderEvent } from './port.js';

/** A lender's callback (POST /v1/callbacks/<lender>): the port's LenderEventSchema, signed (kit/callbacks.ts). */
export const lenderInbound: Inbound<LenderEvent> = {
  ...JSON_REPLIES,
  authenticate: authenticateSigned,
  parse: (raw) => parseJsonWith(LenderEventSchema, raw),
};

/** What the platform knows of the loan a callback names (its projection), to bind the callback to it. */
export interface LoanFacts {
  /** The lender the loan was applied to (system id). */
  lender: string;
  applicationId: string | null;
  disbursementId: string | null;
  /** Repayment instructions the platform sent for this loan. */
  instructionIds: readonly string[];
}

export type Binding = { ok: true } | { ok: false; status: 403 | 409; code: 'CALLBACK_WRONG_SYSTEM' | 'CALLBACK_NUMBER_MISMATCH'; field: string; message: string };

/**
 * Binds a lender callback to the loan its `reference` names, as carrier callbacks are bound to
 * their shipment (api/callbacks/notices.ts): it counts only from the lender that loan was applied
 * to, and only with the numbers that lender gave it (application, disbursement) and the platform
 * sent (repayment instruction). A callback that does not bind changes nothing.
 */
export function bindLenderEvent(loan: LoanFacts, system: string, e: LenderEvent): Binding {
  if (system !== loan.lender) return refuse(403, 'CALLBACK_WRONG_SYSTEM', 'reference', `${system} is not the lender of ${e.reference}; its callbacks do not count for it`);
  if (e.type === 'REPAYMENT_CONFIRMED') {
    if (e.disbursementId !== loan.disbursementId) return refuse(409, 'CALLBACK_NUMBER_MISMATCH', 'body.disbursementId', `disbursement ${e.disbursementId} is not the disbursement of ${e.reference}`);
    if (!loan.instructionIds.includes(e.instructionId)) return refuse(409, 'CALLBACK_NUMBER_MISMATCH', 'body.instructionId', `instruction ${e.instructionId} was not sent for ${e.reference}`);
    return { ok: true };
  }
  if (e.type === 'COLLATERAL_RELEASED') {
    if (e.disbursementId !== loan.disbursementId) return refuse(409, 'CALLBACK_NUMBER_MISMATCH', 'body.disbursementId', `disbursement ${e.disbursementId} is not the disbursement of ${e.reference}`);
    return { ok: true };
  }
  // the callback may come before the apply answer: an unknown application number is checked by the workflow
  if (loan.applicationId !== null && e.applicationId !== loan.applicationId) return refuse(409, 'CALLBACK_NUMBER_MISMATCH', 'body.applicationId', `application ${e.applicationId} is not the application of ${e.reference}`);
  return { ok: true };
}

function refuse(status: 403 | 409, code: 'CALLBACK_WRONG_SYSTEM' | 'CALLBACK_NUMBER_MISMATCH', field: string, message: string): Binding {
  return { ok: false, status, code, field, message };
}
