import { z } from 'zod';
import { FACT_CATEGORIES } from '../domain/finance/consent.js';

/** Request and response bodies of the loan API (api/routes/finance.routes.ts; docs/finance.md). */
export const Amount = z.string().regex(/^(0|[1-9]\d{0,12})(\.\d{1,2})?$/, 'a decimal string with at most 2 decimals').meta({ description: 'CNY, decimal string (e.g. "300.00")' });

const Beneficiary = z.object({
  accountName: z.string().trim().min(1).max(140),
  accountNo: z.string().regex(/^\d{8,32}$/, '8-32 digits'),
  bankCode: z.string().regex(/^\d{12}$/, '12-digit CNAPS bank code'),
}).strict();

export const LoanCreate = z
  .object({
    product: z.enum(['REFUND_BACKED', 'RECEIVABLE_9710', 'RECEIVABLE_9810_SALES', 'RECEIVABLE_9610_POOL']).meta({
      description: 'REFUND_BACKED (退税贷): against the export refund filed for a shipment. RECEIVABLE_9710 (订单融资): a 9710 consignment after customs release or departure. RECEIVABLE_9810_SALES: the 9810 goods sold abroad and not yet collected. RECEIVABLE_9610_POOL: a pool of released 9610 parcels (shipmentIds).',
    }),
    /** The shipment whose refund or receivable backs the loan, by id or by its customs declaration number (报关单号). */
    shipmentId: z.string().min(1).max(200).optional(),
    declarationNo: z.string().regex(/^\d{18}$/, 'an 18-digit customs declaration number').optional(),
    /** RECEIVABLE_9610_POOL only: the parcels pooled. */
    shipmentIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional().meta({ description: 'RECEIVABLE_9610_POOL only: the 9610 shipments pooled' }),
    requestedAmount: Amount,
    lender: z.string().min(1).max(40).meta({ description: 'System id of the lender (lender-bank, lender-fin)' }),
    beneficiary: Beneficiary,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.product === 'RECEIVABLE_9610_POOL') {
      if (b.shipmentIds === undefined) ctx.addIssue({ code: 'custom', path: ['shipmentIds'], message: 'a pool names its shipments' });
      else if (new Set(b.shipmentIds).size !== b.shipmentIds.length) ctx.addIssue({ code: 'custom', path: ['shipmentIds'], message: 'a shipment named twice' });
      if (b.shipmentId !== undefined || b.declarationNo !== undefined) ctx.addIssue({ code: 'custom', path: ['shipmentId'], message: 'a pool names its shipments in shipmentIds' });
    } else {
      if ((b.shipmentId === undefined) === (b.declarationNo === undefined)) ctx.addIssue({ code: 'custom', path: ['shipmentId'], message: 'give exactly one of shipmentId and declarationNo' });
      if (b.shipmentIds !== undefined) ctx.addIssue({ code: 'custom', path: ['shipmentIds'], message: 'only a RECEIVABLE_9610_POOL names several shipments' });
    }
    if (!/[1-9]/.test(b.requestedAmount)) ctx.addIssue({ code: 'custom', path: ['requestedAmount'], message: 'must be more than 0' });
  })
  .meta({ id: 'LoanCreate' });

export const Bucket = z.object({ charged: Amount, repaid: Amount, writtenOff: Amount, outstanding: Amount });

export const Loan = z
  .object({
    id: z.string(),
    product: z.string(),
    shipmentId: z.string(),
    shipmentIds: z.array(z.string()).meta({ description: 'Receivables: every shipment the loan is on' }),
    financed: z.object({ refs: z.array(z.string()), value: Amount }).nullable().meta({ description: 'Receivables: what the loan finances (shipment ids, or <shipmentId>#<seq> 9810 sales batches) and its CNY value' }),
    lender: z.string(),
    status: z.string().meta({ description: 'APPLIED, DOCUMENTS_REQUIRED, OFFERED, ACCEPTED, DISBURSED, REPAYING, CLOSED, OVERDUE, BREACHED (a stock pledge whose units were sold); ended without a loan: DECLINED, CONSENT_REFUSED, REJECTED, OFFER_EXPIRED' }),
    reason: z.string().nullable(),
    currency: z.string(),
    requestedAmount: Amount,
    applicationId: z.string().nullable(),
    disbursementId: z.string().nullable(),
    offer: z.object({ offerId: z.string(), limit: Amount, ratioBp: z.number(), annualRateBp: z.number(), dayCount: z.string(), fee: Amount, tenorDays: z.number(), expiresAt: z.string() }).nullable(),
    schedule: z.object({ valueDate: z.string().nullable(), maturityDate: z.string().nullable(), dueDate: z.string().nullable() }),
    ledger: z.object({
      entries: z.array(z.object({ key: z.string(), kind: z.string(), on: z.string(), principal: Amount, interest: Amount, fees: Amount })),
      balances: z.object({ principal: Bucket, interest: Bucket, fees: Bucket }),
      balanced: z.boolean().meta({ description: 'disbursed = repaid + written off + outstanding in every bucket' }),
    }),
    repayments: z.array(z.object({ instructionId: z.string(), amount: Amount, fees: Amount, interest: Amount, principal: Amount, toEnterprise: Amount, status: z.string(), valueDate: z.string().optional() })),
    createdAt: z.string(),
  })
  .meta({ id: 'Loan' });

export const LoanList = z.object({ items: z.array(Loan), nextCursor: z.string().nullable() }).meta({ id: 'LoanList' });
export const LoanListQuery = z.object({ status: z.string().max(40).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict();

/** A consent to share facts with a lender or insurer (db/finance-consent.ts; docs/finance.md §4). */
export const ConsentCreate = z
  .object({
    recipient: z.string().min(1).max(40).meta({ description: 'System id of the lender or insurer (lender-bank, lender-fin, insurer)' }),
    purpose: z.enum(['FINANCING', 'INSURANCE']),
    subjectIds: z.array(z.string().min(1).max(200)).max(100).default([]).meta({ description: 'Shipments covered (ids); empty with allSubjects true: every shipment of the enterprise' }),
    allSubjects: z.boolean().default(false),
    facts: z.array(z.enum(FACT_CATEGORIES)).min(1).max(FACT_CATEGORIES.length),
    validFrom: z.iso.datetime({ offset: true }).optional().meta({ description: 'Default: now' }),
    validUntil: z.iso.datetime({ offset: true }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.allSubjects && b.subjectIds.length === 0) ctx.addIssue({ code: 'custom', path: ['subjectIds'], message: 'name the shipments covered, or set allSubjects' });
    if (Date.parse(b.validUntil) <= (b.validFrom ? Date.parse(b.validFrom) : Date.now())) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after validFrom (and now)' });
  })
  .meta({ id: 'ConsentCreate' });

export const ConsentView = z
  .object({
    id: z.string(), recipient: z.string(), purpose: z.string(), subjectIds: z.array(z.string()), allSubjects: z.boolean(), facts: z.array(z.string()),
    validFrom: z.string(), validUntil: z.string(), revokedAt: z.string().nullable(),
    state: z.string().meta({ description: 'ACTIVE, REVOKED, EXPIRED or NOT_YET_VALID' }),
  })
  .meta({ id: 'Consent' });
export const ConsentList = z.object({ items: z.array(ConsentView) }).meta({ id: 'ConsentList' });

/** One published evidence-signing key (JWK, RFC 8037); `kid` is its RFC 7638 thumbprint. */
export const EvidenceKey = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().meta({ description: 'the public key, base64url' }),
  kid: z.string().meta({ description: 'what a signed envelope names as its kid' }),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
}).meta({ id: 'EvidenceKey' });
export const EvidenceKeySet = z.object({ keys: z.array(EvidenceKey).meta({ description: 'the current key first, then the previous one after a rotation' }) }).meta({ id: 'EvidenceKeySet' });
