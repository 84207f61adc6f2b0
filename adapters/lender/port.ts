import { z } from 'zod';
import { FINANCE_PRODUCTS, type FinanceProduct } from '../../domain/finance/products.js';
import { requestErrorCodes } from '../kit/errors.js';
import { EVIDENCE_FORMAT } from '../kit/verify-evidence.js';
import { CurrencyCode, decimalString, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * What the platform needs from a lender (a bank's trade-finance API, a finance company's): apply
 * for a product with the platform's evidence package, hear the decision by signed callback
 * (approve with an offer, reject with a reason, ask for more documents), draw the offer
 * (disburse), and instruct repayments the lender confirms by callback. Shared by every lender
 * (adapters/lender-bank, adapters/lender-fin); API in README.md.
 */
export const Money = decimalString(15, 2, 'a decimal string with at most 2 decimals');
const PositiveMoney = positive(Money);
const Id = z.string().min(1).max(64);
const Bp = z.number().int().min(0).max(10_000);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 digest');

/**
 * A package the platform signed (adapters/kit/verify-evidence.ts; README.md "Evidence"): the lender
 * verifies it against the keys published at GET /v1/finance/evidence-keys.
 */
export const SignedEvidence = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  alg: z.literal('EdDSA'),
  kid: z.string().min(1).max(64),
  digest: Sha256,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'a base64url Ed25519 signature'),
  package: z.record(z.string(), z.unknown()),
});

export const Product = z.enum(FINANCE_PRODUCTS as [FinanceProduct, ...FinanceProduct[]]);

export const DocumentType = z.enum(['EVIDENCE_PACKAGE', 'SALES_CONTRACT', 'COMMERCIAL_INVOICE', 'CUSTOMS_DECLARATION', 'WAREHOUSE_RECEIPT', 'REFUND_FILING', 'BANK_STATEMENT', 'FINANCIAL_STATEMENTS', 'CARRIER_MILESTONES', 'FX_RECORD']);
export type DocumentType = z.infer<typeof DocumentType>;

export const DocumentRef = z.object({ type: DocumentType, sha256: Sha256, url: z.url().max(500).optional() });

export const ApplyRequestSchema = z.object({
  /** The platform's loan id, echoed in every callback: what callbacks are bound to. */
  reference: Reference,
  product: Product,
  enterprise: z.object({ code: z.string().regex(/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/, 'customs code (10) or USCC (18)'), name: z.string().trim().min(1).max(100) }),
  currency: CurrencyCode,
  requestedAmount: PositiveMoney,
  /** The value the advance is against (declared value, pool, sales, refund, pledged stock after haircut). */
  financedValue: PositiveMoney,
  tenorDays: z.number().int().min(1).max(366),
  /** The documents by digest; EVIDENCE_PACKAGE names the platform-signed evidence (never buyers' personal data). */
  documents: z.array(DocumentRef).min(1).max(20),
  /** The signed evidence packages themselves (one per subject disclosed for the loan). */
  signedEvidence: z.array(SignedEvidence).max(50).optional(),
});
export type ApplyRequest = z.infer<typeof ApplyRequestSchema>;

export const ApplicationSchema = z.object({ applicationId: Id, reference: Reference, status: z.literal('UNDER_REVIEW'), receivedAt: IsoTime });
export type Application = z.infer<typeof ApplicationSchema>;

export const SubmitDocumentsRequestSchema = z.object({ applicationId: Id, reference: Reference, documents: z.array(DocumentRef).min(1).max(20), signedEvidence: z.array(SignedEvidence).max(50).optional() });
export type SubmitDocumentsRequest = z.infer<typeof SubmitDocumentsRequestSchema>;

export const OfferSchema = z.object({
  offerId: Id,
  limit: PositiveMoney,
  currency: CurrencyCode,
  ratioBp: Bp,
  annualRateBp: Bp,
  dayCount: z.enum(['ACT/360', 'ACT/365F']),
  /** Arrangement fee, charged at disbursement and repaid first. */
  fee: Money,
  tenorDays: z.number().int().min(1).max(366),
  expiresAt: IsoTime,
});
export type Offer = z.infer<typeof OfferSchema>;

export const DisburseRequestSchema = z.object({
  reference: Reference,
  applicationId: Id,
  offerId: Id,
  amount: PositiveMoney,
  currency: CurrencyCode,
  beneficiary: z.object({ accountName: z.string().trim().min(1).max(140), accountNo: z.string().regex(/^\d{8,32}$/, '8-32 digits'), bankCode: z.string().regex(/^\d{12}$/, '12-digit CNAPS bank code') }),
});
export type DisburseRequest = z.infer<typeof DisburseRequestSchema>;

export const DisbursementSchema = z.object({
  disbursementId: Id,
  reference: Reference,
  status: z.literal('DISBURSED'),
  amount: PositiveMoney,
  currency: CurrencyCode,
  fee: Money,
  valueDate: z.iso.date(),
  maturityDate: z.iso.date(),
});
export type Disbursement = z.infer<typeof DisbursementSchema>;

export const RepayRequestSchema = z.object({
  reference: Reference,
  disbursementId: Id,
  /** The platform's repayment instruction to the collecting bank this payment comes from. */
  instructionId: Id,
  currency: CurrencyCode,
  amount: PositiveMoney,
  /** How the amount is applied (domain/finance/waterfall.ts); the parts add up to `amount`. */
  fees: Money,
  interest: Money,
  principal: Money,
});
export type RepayRequest = z.infer<typeof RepayRequestSchema>;

export const RepaymentSchema = z.object({ repaymentId: Id, reference: Reference, disbursementId: Id, status: z.literal('PENDING_CONFIRMATION'), amount: PositiveMoney, currency: CurrencyCode });
export type Repayment = z.infer<typeof RepaymentSchema>;

export const StatementSchema = z.object({
  disbursementId: Id,
  reference: Reference,
  currency: CurrencyCode,
  disbursed: Money,
  repaid: z.object({ fees: Money, interest: Money, principal: Money }),
  outstandingPrincipal: Money,
  maturityDate: z.iso.date(),
});
export type Statement = z.infer<typeof StatementSchema>;

const EventBase = { eventId: Id, reference: Reference, at: IsoTime };
/** What a lender calls back with, signed like every callback (adapters/kit/callbacks.ts). */
export const LenderEventSchema = z.discriminatedUnion('type', [
  z.object({ ...EventBase, type: z.literal('APPROVED'), applicationId: Id, offer: OfferSchema }),
  z.object({ ...EventBase, type: z.literal('REJECTED'), applicationId: Id, reason: z.object({ code: z.string().min(1).max(64), text: z.string().min(1).max(500) }) }),
  z.object({ ...EventBase, type: z.literal('DOCUMENTS_REQUIRED'), applicationId: Id, documents: z.array(DocumentType).min(1), text: z.string().min(1).max(500) }),
  z.object({ ...EventBase, type: z.literal('REPAYMENT_CONFIRMED'), disbursementId: Id, repaymentId: Id, instructionId: Id, amount: PositiveMoney, currency: CurrencyCode, valueDate: z.iso.date() }),
  /** Stock pledge: the lender lets pledged units go (the lines named, or every unit when none are). */
  z.object({ ...EventBase, type: z.literal('COLLATERAL_RELEASED'), disbursementId: Id, releaseId: Id, lines: z.array(z.object({ sku: z.string().min(1).max(64), qty: z.number().int().positive() })).min(1).max(200).optional() }),
]);
export type LenderEvent = z.infer<typeof LenderEventSchema>;

export const LenderErrorCode = {
  ...requestErrorCodes('LENDER'),
  CurrencyNotSupported: 'LENDER.CURRENCY_NOT_SUPPORTED',
  ProductNotOffered: 'LENDER.PRODUCT_NOT_OFFERED',
  ApplicationNotFound: 'LENDER.APPLICATION_NOT_FOUND',
  ApplicationDecided: 'LENDER.APPLICATION_DECIDED',
  ApplicationPending: 'LENDER.APPLICATION_PENDING',
  OfferNotFound: 'LENDER.OFFER_NOT_FOUND',
  OfferExpired: 'LENDER.OFFER_EXPIRED',
  OfferAlreadyDrawn: 'LENDER.OFFER_ALREADY_DRAWN',
  AmountAboveLimit: 'LENDER.AMOUNT_ABOVE_LIMIT',
  DisbursementNotFound: 'LENDER.DISBURSEMENT_NOT_FOUND',
  SplitMismatch: 'LENDER.SPLIT_MISMATCH',
  Overpayment: 'LENDER.OVERPAYMENT',
  ReferenceMismatch: 'LENDER.REFERENCE_MISMATCH',
  /** An EVIDENCE_PACKAGE named without its signed package, or one that does not verify against the platform's published keys. */
  EvidenceMissing: 'LENDER.EVIDENCE_MISSING',
  EvidenceNotVerified: 'LENDER.EVIDENCE_NOT_VERIFIED',
} as const;
export type LenderErrorCode = (typeof LenderErrorCode)[keyof typeof LenderErrorCode];

export interface LenderPort {
  /** Applies for a product; the decision comes later by callback (APPROVED, REJECTED, DOCUMENTS_REQUIRED). */
  apply(req: ApplyRequest, idempotencyKey: string): Promise<Application>;
  /** Sends the documents a DOCUMENTS_REQUIRED decision asked for; a new decision follows by callback. */
  submitDocuments(req: SubmitDocumentsRequest, idempotencyKey: string): Promise<Application>;
  /** Draws an approved offer, once: the lender pays the enterprise's account. */
  disburse(req: DisburseRequest, idempotencyKey: string): Promise<Disbursement>;
  /** Tells the lender a repayment is on its way under an instruction; REPAYMENT_CONFIRMED follows by callback. */
  repay(req: RepayRequest, idempotencyKey: string): Promise<Repayment>;
  /** The lender's own account of a loan, to reconcile with the platform's ledger. */
  statement(disbursementId: string): Promise<Statement>;
}
