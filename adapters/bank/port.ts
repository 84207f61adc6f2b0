import { z } from 'zod';
import { requestErrorCodes } from '../kit/errors.js';
import { CurrencyCode, decimalString, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * What the platform needs from a Chinese bank's FX service (收汇/结汇, docs/reference/domain-rules.md §4): register
 * the export proceeds it expects, hear when they arrive, and sell them for CNY at a binding quote.
 */
const Money = decimalString(15, 2);
const PositiveMoney = positive(Money);
const Rate = z.string().regex(/^\d{1,6}\.\d{1,10}$/, 'a decimal string: CNY per one unit of the currency');
const Id = z.string().min(1).max(64);

export const OpenCollectionRequestSchema = z.object({
  /** The platform's business reference (shipment or order), echoed in the funds notice. */
  reference: Reference,
  currency: CurrencyCode,
  amount: PositiveMoney,
  payerName: z.string().trim().min(1).max(140),
  description: z.string().trim().min(1).max(140),
});
export type OpenCollectionRequest = z.infer<typeof OpenCollectionRequestSchema>;

export const OpenCollectionResultSchema = z.object({ collectionId: Id });
export type OpenCollectionResult = z.infer<typeof OpenCollectionResultSchema>;

export const QuoteRequestSchema = z.object({ currency: CurrencyCode, amount: PositiveMoney });
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

export const QuoteSchema = z.object({ quoteId: Id, rate: Rate, expiresAt: IsoTime });
export type Quote = z.infer<typeof QuoteSchema>;

export const SettleRequestSchema = z.object({ collectionId: Id, quoteId: Id, currency: CurrencyCode, amount: PositiveMoney });
export type SettleRequest = z.infer<typeof SettleRequestSchema>;

export const SettlementSchema = z.object({ settlementId: Id, cnyAmount: Money, rate: Rate, settledAt: IsoTime });
export type Settlement = z.infer<typeof SettlementSchema>;

/** Asynchronous notice, signed like every callback (adapters/kit/callbacks.ts). */
export const FundsReceivedEventSchema = z.object({
  eventId: Id,
  type: z.literal('FUNDS_RECEIVED'),
  reference: Id,
  collectionId: Id,
  amount: PositiveMoney,
  currency: CurrencyCode,
  valueDate: z.iso.date(),
  bankRef: Id,
});
export type FundsReceivedEvent = z.infer<typeof FundsReceivedEventSchema>;

export const BankErrorCode = {
  ...requestErrorCodes('BANK'),
  CurrencyNotSupported: 'BANK.CURRENCY_NOT_SUPPORTED',
  CollectionNotFound: 'BANK.COLLECTION_NOT_FOUND',
  FundsNotReceived: 'BANK.FUNDS_NOT_RECEIVED',
  AmountExceedsReceived: 'BANK.AMOUNT_EXCEEDS_RECEIVED',
  CurrencyMismatch: 'BANK.CURRENCY_MISMATCH',
  QuoteNotFound: 'BANK.QUOTE_NOT_FOUND',
  QuoteExpired: 'BANK.QUOTE_EXPIRED',
  QuoteAlreadyUsed: 'BANK.QUOTE_ALREADY_USED',
  QuoteMismatch: 'BANK.QUOTE_MISMATCH',
} as const;
export type BankErrorCode = (typeof BankErrorCode)[keyof typeof BankErrorCode];

export interface BankPort {
  /** Registers an expected inbound remittance (export proceeds) so the bank can match and report it. */
  openCollection(req: OpenCollectionRequest, idempotencyKey: string): Promise<OpenCollectionResult>;
  /** Gets a binding FX quote to sell foreign currency for CNY. */
  quote(req: QuoteRequest, idempotencyKey: string): Promise<Quote>;
  /** Settles received foreign currency into CNY (结汇) at a quote. */
  settle(req: SettleRequest, idempotencyKey: string): Promise<Settlement>;
}
