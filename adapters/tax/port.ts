import { z } from 'zod';
import { requestErrorCodes } from '../kit/errors.js';
import { CurrencyCode, decimalString, InvtNo, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * What the platform needs from the e-tax bureau (电子税务局): the pilot-zone record that makes a
 * 9610 retail export VAT-exempt without purchase invoices (无票免征, docs/reference/domain-rules.md §3.4). The
 * record carries exactly the fields the rule names: export date, goods name, unit, quantity,
 * unit price and amount. And, for B2B exports (9710/9810), the export VAT refund application
 * (出口退税, §3.1–§3.3).
 */
const Quantity = decimalString(15, 5);

export const ExemptionLineSchema = z.object({
  goodsName: z.string().trim().min(1).max(250),
  /** Unit of measure as written on the declaration (件, 千克…). */
  unit: z.string().trim().min(1).max(20),
  qty: positive(Quantity),
  unitPrice: Quantity,
  amount: Quantity,
  currency: CurrencyCode,
});
export type ExemptionLine = z.infer<typeof ExemptionLineSchema>;

export const RecordExemptionRequestSchema = z.object({
  /** The platform's business reference (shipment id). */
  reference: Reference,
  /** The exporting enterprise: customs registration code (10) or USCC (18), and its name. */
  enterprise: z.object({ code: z.string().regex(/^[0-9A-Z]{1,18}$/, '1-18 upper-case letters or digits'), name: z.string().trim().min(1).max(100) }),
  /** Customs export inventory number (清单编号) the record refers to. */
  invtNo: InvtNo,
  exportDate: z.iso.date(),
  /** Empty lines are a business rejection (TAX.NO_LINES), not a malformed request. */
  lines: z.array(ExemptionLineSchema).max(100),
});
export type RecordExemptionRequest = z.infer<typeof RecordExemptionRequestSchema>;

export const ExemptionRecordSchema = z.object({
  recordNo: z.string().regex(/^WPMZ\d{8}\d{6}$/, 'WPMZ + YYYYMMDD + 6-digit serial'),
  status: z.literal('RECORDED'),
  recordedAt: IsoTime,
});
export type ExemptionRecord = z.infer<typeof ExemptionRecordSchema>;

/** A CNY amount: decimal string with at most 2 decimals (fen). */
const Cny = decimalString(15, 2, 'a CNY amount with at most 2 decimals');
/** A refund rate as a fraction with at most 4 decimals (basis points), 0 to 1: "0.13" = 13 %. */
const RefundRate = z.string().regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'a fraction from 0 to 1 with at most 4 decimals ("0.13" = 13 %)');

export const RefundLineSchema = z
  .object({
    /** Commodity code as declared: 10 digits, or 13 with the CIQ suffix. */
    hsCode: z.string().regex(/^\d{10}(\d{3})?$/, '10 or 13 digits'),
    goodsName: z.string().trim().min(1).max(250),
    qty: positive(Quantity),
    unit: z.string().trim().min(1).max(20),
    /** FOB value of the line in CNY. */
    fobAmountCny: positive(Cny),
    /** The purchase special VAT invoice (增值税专用发票) of a trading enterprise (§3.1 item 4): number and VAT. */
    purchaseInvoiceNo: z.string().regex(/^[0-9A-Za-z]{1,30}$/, '1-30 letters or digits').optional(),
    purchaseVatCny: Cny.optional(),
    /** The refund rate the platform looked up for hsCode on exportDate (domain/export/refund-rates.ts). */
    refundRate: RefundRate,
  })
  .refine((l) => (l.purchaseInvoiceNo === undefined) === (l.purchaseVatCny === undefined), {
    message: 'purchaseInvoiceNo and purchaseVatCny go together',
    path: ['purchaseVatCny'],
  });
export type RefundLine = z.infer<typeof RefundLineSchema>;

export const ApplyRefundRequestSchema = z.object({
  /** The platform's business reference (shipment id). */
  reference: Reference,
  enterprise: RecordExemptionRequestSchema.shape.enterprise,
  /** The customs declaration (报关单号, 18 digits) or inventory number the refund rests on. */
  declarationNo: InvtNo,
  /** Export date on the declaration; it determines the refund rate and the deadline (§3.2, §3.3). */
  exportDate: z.iso.date(),
  /** FX collected (§3.1 condition 3); false → exemption without refund (except a 9810 pre-refund). */
  fxReceived: z.boolean(),
  /**
   * `HWC-YT` 海外仓预退税: a 9810 export claims the refund on departure, before sale (STA Ann.
   * 2025 No. 3, from 2025-01-27); the pre-refund is settled (核算) by April of the next year.
   */
  businessType: z.enum(['HWC-YT']).optional(),
  /** Empty lines are a business rejection (TAX.NO_LINES), not a malformed request. */
  lines: z.array(RefundLineSchema).max(100),
});
export type ApplyRefundRequest = z.infer<typeof ApplyRefundRequestSchema>;

export const RefundApplicationSchema = z.object({
  applicationNo: z.string().regex(/^CKTS\d{8}\d{6}$/, 'CKTS + YYYYMMDD + 6-digit serial'),
  status: z.enum(['ACCEPTED', 'EXEMPT_WITHOUT_REFUND']),
  /** Sum of the lines' refunds, 2 decimals ("0.00" when exempt without refund). */
  refundCny: Cny,
  lines: z.array(z.object({ hsCode: z.string(), refundRate: z.string(), refundCny: Cny })),
  acceptedAt: IsoTime,
  /** HWC-YT pre-refunds: the pre-refund must be settled against sales by this date. */
  settleBy: z.iso.date().optional(),
});
export type RefundApplication = z.infer<typeof RefundApplicationSchema>;

/**
 * Where a refund application stands. The e-tax bureau offers no callback for it: the platform
 * polls (a workflow timer between polls). REVIEWING → APPROVED → PAID, or DENIED; CLOSED for an
 * application that was exempt without refund.
 */
export const RefundStatusSchema = z.object({
  applicationNo: RefundApplicationSchema.shape.applicationNo,
  status: z.enum(['REVIEWING', 'APPROVED', 'PAID', 'DENIED', 'CLOSED']),
  refundCny: Cny,
  paidAt: IsoTime.optional(),
  reason: z.string().optional(),
});
export type RefundStatus = z.infer<typeof RefundStatusSchema>;

export const TaxErrorCode = {
  ...requestErrorCodes('TAX'),
  NoLines: 'TAX.NO_LINES',
  LineAmountMismatch: 'TAX.LINE_AMOUNT_MISMATCH',
  /** The bureau refused the record (enterprise not registered in the zone, goods excluded…). */
  Rejected: 'TAX.REJECTED',
  /** This inventory already has a record (details.recordNo); another key was used for it. */
  AlreadyRecorded: 'TAX.ALREADY_RECORDED',
  /** Declared after the April VAT period of the year following the export year (§3.3). */
  DeadlinePassed: 'TAX.DEADLINE_PASSED',
  /** A line's refund rate is not the rate of its HS code on the export date (details.line, details.expected). */
  RateMismatch: 'TAX.RATE_MISMATCH',
  /** This declaration already has a refund application (details.applicationNo); another key was used for it. */
  AlreadyApplied: 'TAX.ALREADY_APPLIED',
  /** No refund application with this number. */
  ApplicationNotFound: 'TAX.APPLICATION_NOT_FOUND',
} as const;
export type TaxErrorCode = (typeof TaxErrorCode)[keyof typeof TaxErrorCode];

export interface TaxPort {
  /** Records a 9610 retail export under the pilot zone's no-invoice VAT exemption (无票免征). */
  recordExemption(req: RecordExemptionRequest, idempotencyKey: string): Promise<ExemptionRecord>;
  /** Applies for the export VAT refund (出口退税) of a B2B/9710 or 9810 export. */
  applyRefund(req: ApplyRefundRequest, idempotencyKey: string): Promise<RefundApplication>;
  /** Where a refund application stands (read only; polled). */
  refundStatus(applicationNo: string): Promise<RefundStatus>;
}
