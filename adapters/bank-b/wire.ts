import { z } from 'zod';
import { HOUR } from '../../domain/time.js';
import { CurrencyCode, Reference } from '../kit/schemas.js';
import type { FundsReceivedEvent } from '../bank/port.js';

/**
 * Bank B's own wire format (README.md): snake_case JSON, an envelope `{ ret_code, ret_msg, data }`
 * answered with HTTP 200 for business outcomes, amounts as integer cents (1/100 of the currency
 * unit), rates in CNY per 100 units with 4 decimals, times as China-time `yyyyMMddHHmmss` stamps.
 */
export const RetCode = {
  Ok: '000000',
  InvalidRequest: 'FX4001',
  RequestNoRequired: 'FX4002',
  RequestNoReused: 'FX4009',
  CurrencyNotSupported: 'FX4101',
  CollectionNotFound: 'FX4201',
  CurrencyMismatch: 'FX4202',
  FundsNotCredited: 'FX4203',
  AmountExceedsCredited: 'FX4204',
  QuoteNotFound: 'FX4301',
  QuoteExpired: 'FX4302',
  QuoteUsed: 'FX4303',
  QuoteMismatch: 'FX4304',
  SystemBusy: 'SYS9001',
} as const;
export type RetCode = (typeof RetCode)[keyof typeof RetCode];

/** Integer cents; JSON numbers are exact up to 2^53 − 1. */
const Cents = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Id = z.string().min(1).max(64);
const RequestNo = z.string().min(1).max(128);
const Stamp = z.string().regex(/^\d{14}$/, 'yyyyMMddHHmmss, China time');
/** CNY per 100 units of the currency, 4 decimals (the way Chinese banks' FX boards quote). */
const RatePer100 = z.string().regex(/^\d{1,8}\.\d{4}$/, 'CNY per 100 units, 4 decimals');

export const RegisterRemittanceSchema = z.object({
  request_no: RequestNo,
  biz_ref: Reference,
  ccy: CurrencyCode,
  amount_cents: Cents,
  payer_name: z.string().trim().min(1).max(140),
  remark: z.string().trim().min(1).max(140),
});
export const LockRateSchema = z.object({ request_no: RequestNo, sell_ccy: CurrencyCode, sell_amount_cents: Cents });
export const ExecuteSettlementSchema = z.object({
  request_no: RequestNo,
  collection_no: Id,
  quote_no: Id,
  ccy: CurrencyCode,
  amount_cents: Cents,
});

export const EnvelopeSchema = z.object({ ret_code: z.string(), ret_msg: z.string(), data: z.unknown() });
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const RemittanceRegisteredSchema = z.object({
  collection_no: Id,
  biz_ref: Reference,
  status: z.literal('PENDING_CREDIT'),
  created_time: Stamp,
});
export const RateLockedSchema = z.object({
  quote_no: Id,
  sell_ccy: CurrencyCode,
  sell_amount_cents: Cents,
  buy_rate: RatePer100,
  rate_unit: z.literal(100),
  valid_until: Stamp,
});
export const SettlementExecutedSchema = z.object({
  settle_no: Id,
  collection_no: Id,
  quote_no: Id,
  ccy: CurrencyCode,
  amount_cents: Cents,
  buy_rate: RatePer100,
  rate_unit: z.literal(100),
  cny_amount_fen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  settle_time: Stamp,
});

/** Bank B's own notice of an inward remittance credited (入账通知). */
export const InwardCreditNoticeSchema = z.object({
  notify_id: Id,
  notify_type: z.literal('INWARD_CREDIT'),
  collection_no: Id,
  biz_ref: Reference,
  ccy: CurrencyCode,
  amount_cents: Cents,
  value_date: z.string().regex(/^\d{8}$/, 'yyyyMMdd'),
  remit_ref: Id,
});
export type InwardCreditNotice = z.infer<typeof InwardCreditNoticeSchema>;

/** "1234.56" → 123456n (the string has at most 2 decimals). */
export function decimalToCents(s: string): bigint {
  const [int = '0', frac = ''] = s.split('.');
  return BigInt(int + frac.padEnd(2, '0'));
}
/** 123456 → "1234.56". */
export function centsToDecimal(cents: number | bigint): string {
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
/** "708.3685" per 100 units → "7.083685" per unit (exact: a shift by two places). */
export function per100ToUnitRate(per100: string): string {
  const [int = '0', frac = ''] = per100.split('.');
  const digits = (int + frac).replace(/^0+(?=\d)/, '').padStart(7, '0');
  return `${String(Number(digits.slice(0, -6)))}.${digits.slice(-6)}`;
}
/** Epoch ms → China-time stamp `yyyyMMddHHmmss`. */
export function chinaStamp(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace(/\D/g, '');
}
/** China-time stamp `yyyyMMddHHmmss` → epoch ms. */
export function parseChinaStamp(stamp: string): number {
  const n = (from: number, to: number) => Number(stamp.slice(from, to));
  return Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14)) - 8 * HOUR;
}

/**
 * Bank B's notice in the platform's callback shape (bank A's JSON, what POST /v1/callbacks/bank
 * reads). The translating gateway in front of a real Bank B runs this; the simulator too.
 */
export function toFundsReceivedEvent(notice: InwardCreditNotice): FundsReceivedEvent {
  const d = notice.value_date;
  return {
    eventId: notice.notify_id,
    type: 'FUNDS_RECEIVED',
    reference: notice.biz_ref,
    collectionId: notice.collection_no,
    amount: centsToDecimal(notice.amount_cents),
    currency: notice.ccy,
    valueDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    bankRef: notice.remit_ref,
  };
}
