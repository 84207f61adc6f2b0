import { z } from 'zod';
import { requestErrorCodes } from '../kit/errors.js';
import { CurrencyCode, decimalString, InvtNo, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * What the platform needs from the e-tax bureau (电子税务局): the pilot-zone record that makes a
 * 9610 retail export VAT-exempt without purchase invoices (无票免征, domain-rules §3.4). The
 * record carries exactly the fields the rule names: export date, goods name, unit, quantity,
 * unit price and amount.
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

export const TaxErrorCode = {
  ...requestErrorCodes('TAX'),
  NoLines: 'TAX.NO_LINES',
  LineAmountMismatch: 'TAX.LINE_AMOUNT_MISMATCH',
  /** The bureau refused the record (enterprise not registered in the zone, goods excluded…). */
  Rejected: 'TAX.REJECTED',
  /** This inventory already has a record (details.recordNo); another key was used for it. */
  AlreadyRecorded: 'TAX.ALREADY_RECORDED',
} as const;
export type TaxErrorCode = (typeof TaxErrorCode)[keyof typeof TaxErrorCode];

export interface TaxPort {
  /** Records a 9610 retail export under the pilot zone's no-invoice VAT exemption (无票免征). */
  recordExemption(req: RecordExemptionRequest, idempotencyKey: string): Promise<ExemptionRecord>;
}
