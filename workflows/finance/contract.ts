import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LedgerEntry } from '../../domain/finance/ledger.js';

/**
 * The only way other code talks to a loan workflow (refund.workflow.ts, receivable.workflow.ts): its
 * id, signals, the accept update, the query. The API and the callback routes import this file; it
 * holds no logic.
 */
export function loanWorkflowId(enterpriseId: string, refundRef: string): string {
  return `loan:${enterpriseId}:${refundRef}`;
}

/**
 * A receivable loan's id: loan:<enterpriseId>:rcv:<orderNo> for a 9710 consignment;
 * …:rcv:<orderNo>:s<batches> for 9810 sales (one loan per count of sales batches reported, so a
 * later loan can finance later batches); …:pool:<key> for a 9610 pool (the caller's key).
 */
export function receivableLoanId(enterpriseId: string, ref: string): string {
  return `loan:${enterpriseId}:${ref}`;
}

/**
 * A loan's statuses, also its `LoanStatus` search attribute (Web UI: `LoanStatus = "OVERDUE"`).
 * APPLIED → (DOCUMENTS_REQUIRED →) OFFERED → ACCEPTED → DISBURSED → REPAYING → CLOSED; the ends:
 * DECLINED (the platform found the refund or receivable not eligible, nothing disclosed), CONSENT_REFUSED (consent missing or
 * revoked when the evidence was to go), REJECTED (the lender), OFFER_EXPIRED; OVERDUE when a
 * shortfall falls due.
 */
export const LoanStatus = {
  APPLIED: 'APPLIED',
  DOCUMENTS_REQUIRED: 'DOCUMENTS_REQUIRED',
  OFFERED: 'OFFERED',
  /** The enterprise accepted: the lender is asked to disburse (retried while it is down). */
  ACCEPTED: 'ACCEPTED',
  DISBURSED: 'DISBURSED',
  REPAYING: 'REPAYING',
  CLOSED: 'CLOSED',
  OVERDUE: 'OVERDUE',
  DECLINED: 'DECLINED',
  CONSENT_REFUSED: 'CONSENT_REFUSED',
  REJECTED: 'REJECTED',
  OFFER_EXPIRED: 'OFFER_EXPIRED',
  /** Stock pledge: the warehouse reported pledged units sold; everything outstanding is due and ops follow it up. */
  BREACHED: 'BREACHED',
} as const;
export type LoanStatus = (typeof LoanStatus)[keyof typeof LoanStatus];

/** The lender's terms as the loan keeps them (amounts in minor units of the loan's currency). */
export interface LoanOffer {
  offerId: string;
  limit: number;
  ratioBp: number;
  annualRateBp: number;
  dayCount: 'ACT/360' | 'ACT/365F';
  fee: number;
  tenorDays: number;
  expiresAt: string;
}

/** What every loan workflow is started with. */
export interface LoanInput {
  loanId: string;
  enterpriseId: string;
  enterprise: { code: string; name: string };
  lender: string;
  /** Minor units (fen). */
  requested: number;
  beneficiary: { accountName: string; accountNo: string; bankCode: string };
  timeScale: number;
}

export interface RefundLoanInput extends LoanInput {
  shipmentId: string;
  /** The refund application (tax bureau) and the 报关单号 it was filed under. */
  refundApplicationNo: string;
  declarationNo: string;
}

export type ReceivableProduct = 'RECEIVABLE_9710' | 'RECEIVABLE_9810_SALES' | 'RECEIVABLE_9610_POOL';

export interface ReceivableLoanInput extends LoanInput {
  product: ReceivableProduct;
  /** The shipment financed (9710, 9810), or the parcels of a 9610 pool. */
  shipmentIds: string[];
}

export interface RepaymentView {
  instructionId: string;
  amount: number;
  fees: number;
  interest: number;
  principal: number;
  toEnterprise: number;
  status: 'INSTRUCTED' | 'CONFIRMED';
  valueDate?: string;
}

export interface LoanState {
  status: LoanStatus;
  reason?: string;
  applicationId?: string;
  offer?: LoanOffer;
  disbursementId?: string;
  valueDate?: string;
  maturityDate?: string;
  dueDate?: string;
  entries: LedgerEntry[];
  repayments: RepaymentView[];
  /**
   * Receivables: what the loan finances — shipment ids (9710, 9610 pool) or sales batches
   * (`<shipmentId>#<seq>`, 9810) — and their value in fen; another loan cannot finance them again.
   */
  financed?: { refs: string[]; value: number };
}

export type RefundLoanState = LoanState;

/** A lender's callback bound to this loan (api/callbacks/lender.ts), as the workflow needs it. */
export type LenderSignal =
  | { eventId: string; type: 'APPROVED'; applicationId: string; offer: { offerId: string; limit: string; ratioBp: number; annualRateBp: number; dayCount: 'ACT/360' | 'ACT/365F'; fee: string; tenorDays: number; expiresAt: string } }
  | { eventId: string; type: 'REJECTED'; applicationId: string; reason: { code: string; text: string } }
  | { eventId: string; type: 'DOCUMENTS_REQUIRED'; applicationId: string; documents: string[]; text: string }
  | { eventId: string; type: 'REPAYMENT_CONFIRMED'; disbursementId: string; repaymentId: string; instructionId: string; amount: string; valueDate: string }
  | { eventId: string; type: 'COLLATERAL_RELEASED'; disbursementId: string; releaseId: string; lines?: { sku: string; qty: number }[] | undefined };

export const lenderEventReceived = defineSignal<[LenderSignal]>('lenderEventReceived');
/** The enterprise accepts the lender's offer (POST /v1/loans/{id}/accept); refused unless OFFERED. */
export const acceptOffer = defineUpdate<LoanState, [{ actor: string }]>('acceptOffer');
export const getLoan = defineQuery<LoanState>('getLoan');
