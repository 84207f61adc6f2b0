import { z } from 'zod';
import { requestErrorCodes } from '../kit/errors.js';
import { CurrencyCode, IsoTime, positive, Reference } from '../kit/schemas.js';
import { DocumentRef, Money, SignedEvidence } from '../lender/port.js';

/**
 * What the platform needs from an insurer: cargo insurance bound at transport booking, export
 * credit insurance for a 9710 buyer (a limit per buyer), and claims opened from the shipment's own
 * facts with the evidence attached, decided by signed callback. API in README.md.
 */
const PositiveMoney = positive(Money);
const Id = z.string().min(1).max(64);

export const Cover = z.enum(['CARGO', 'EXPORT_CREDIT']);
export type Cover = z.infer<typeof Cover>;

export const QuoteRequestSchema = z.object({
  /** The platform's policy reference (bound to a shipment), echoed in every callback. */
  reference: Reference,
  cover: Cover,
  insured: z.object({ code: z.string().regex(/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/, 'customs code (10) or USCC (18)'), name: z.string().trim().min(1).max(100) }),
  currency: CurrencyCode,
  insuredValue: PositiveMoney,
  /** CARGO: the journey and the goods (premium by value, corridor and goods). */
  cargo: z.object({
    corridor: z.string().regex(/^[A-Z_]{3,40}$/),
    goods: z.array(z.object({ hsCode: z.string().regex(/^\d{10}$/), description: z.string().trim().min(1).max(250) })).min(1).max(100),
    departureDate: z.iso.date(),
  }).optional(),
  /** EXPORT_CREDIT: the overseas business buyer (a company, never a consumer) and the credit period. */
  credit: z.object({
    buyer: z.object({ name: z.string().trim().min(1).max(140), country: z.string().regex(/^([A-Z]{2}|\d{3})$/, 'ISO 3166 alpha-2 or 3-digit customs country code'), registrationNo: z.string().trim().min(1).max(40) }),
    paymentTermsDays: z.number().int().min(1).max(360),
  }).optional(),
  /** The platform-signed evidence disclosed for the policy (adapters/lender/README.md "Evidence"). */
  signedEvidence: z.array(SignedEvidence).max(50).optional(),
}).refine((q) => (q.cover === 'CARGO' ? q.cargo !== undefined && q.credit === undefined : q.credit !== undefined && q.cargo === undefined), {
  message: 'CARGO takes `cargo`, EXPORT_CREDIT takes `credit`',
  path: ['cover'],
});
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

export const QuoteSchema = z.object({
  quoteId: Id,
  reference: Reference,
  cover: Cover,
  currency: CurrencyCode,
  insuredValue: PositiveMoney,
  premium: PositiveMoney,
  rateBp: z.number().int().min(0).max(10_000),
  deductible: Money,
  /** EXPORT_CREDIT: the share of a loss the insurer pays, and the buyer's credit limit. */
  indemnityBp: z.number().int().min(0).max(10_000),
  buyerLimit: Money.optional(),
  expiresAt: IsoTime,
});
export type Quote = z.infer<typeof QuoteSchema>;

export const BindRequestSchema = z.object({ reference: Reference, quoteId: Id });
export type BindRequest = z.infer<typeof BindRequestSchema>;

export const PolicySchema = z.object({
  policyNo: Id,
  reference: Reference,
  status: z.literal('BOUND'),
  cover: Cover,
  currency: CurrencyCode,
  insuredValue: PositiveMoney,
  premium: PositiveMoney,
  coverFrom: z.iso.date(),
  coverTo: z.iso.date(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const LossKind = z.enum(['DAMAGE', 'LOSS', 'SEIZURE', 'NON_PAYMENT']);
export type LossKind = z.infer<typeof LossKind>;

export const ClaimRequestSchema = z.object({
  reference: Reference,
  policyNo: Id,
  loss: LossKind,
  currency: CurrencyCode,
  amount: PositiveMoney,
  occurredOn: z.iso.date(),
  /** The shipment's own facts: warehouse receipt with damaged units, carrier milestones, FX not received… */
  evidence: z.array(DocumentRef).min(1).max(20),
  /** The platform-signed evidence disclosed for the claim (a non-payment claim's FX record). */
  signedEvidence: z.array(SignedEvidence).max(50).optional(),
});
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;

export const ClaimSchema = z.object({ claimId: Id, reference: Reference, policyNo: Id, status: z.literal('UNDER_ASSESSMENT'), receivedAt: IsoTime });
export type Claim = z.infer<typeof ClaimSchema>;

/** The insurer's decision on a claim, by signed callback. */
export const InsurerEventSchema = z.object({
  eventId: Id,
  type: z.literal('CLAIM_DECIDED'),
  reference: Reference,
  policyNo: Id,
  claimId: Id,
  decision: z.enum(['PAID', 'DECLINED']),
  paidAmount: Money,
  currency: CurrencyCode,
  reason: z.string().min(1).max(500).optional(),
  at: IsoTime,
});
export type InsurerEvent = z.infer<typeof InsurerEventSchema>;

export const InsurerErrorCode = {
  ...requestErrorCodes('INSURER'),
  CurrencyNotSupported: 'INSURER.CURRENCY_NOT_SUPPORTED',
  CorridorNotCovered: 'INSURER.CORRIDOR_NOT_COVERED',
  AboveBuyerLimit: 'INSURER.ABOVE_BUYER_LIMIT',
  BuyerDeclined: 'INSURER.BUYER_DECLINED',
  QuoteNotFound: 'INSURER.QUOTE_NOT_FOUND',
  QuoteExpired: 'INSURER.QUOTE_EXPIRED',
  QuoteAlreadyBound: 'INSURER.QUOTE_ALREADY_BOUND',
  PolicyNotFound: 'INSURER.POLICY_NOT_FOUND',
  LossNotCovered: 'INSURER.LOSS_NOT_COVERED',
  ClaimAboveInsuredValue: 'INSURER.CLAIM_ABOVE_INSURED_VALUE',
  ReferenceMismatch: 'INSURER.REFERENCE_MISMATCH',
  /** A quote or non-payment claim without the platform-signed evidence, or with a package that does not verify. */
  EvidenceMissing: 'INSURER.EVIDENCE_MISSING',
  EvidenceNotVerified: 'INSURER.EVIDENCE_NOT_VERIFIED',
} as const;
export type InsurerErrorCode = (typeof InsurerErrorCode)[keyof typeof InsurerErrorCode];

export interface InsurerPort {
  /** Prices a cover: cargo by value, corridor and goods; export credit by value, buyer and terms. */
  quote(req: QuoteRequest, idempotencyKey: string): Promise<Quote>;
  /** Binds a quote into a policy, once. */
  bind(req: BindRequest, idempotencyKey: string): Promise<Policy>;
  /** Opens a claim with its evidence; CLAIM_DECIDED follows by callback. */
  claim(req: ClaimRequest, idempotencyKey: string): Promise<Claim>;
}
