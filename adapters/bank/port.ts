import { z } from 'zod';

/**
 * What the platform needs from a Chinese bank's FX service (收汇/结汇, domain-rules §4): register
 * the export proceeds it expects, hear when they arrive, and sell them for CNY at a binding quote.
 */
const Money = z.string().regex(/^(0|[1-9]\d{0,14})(\.\d{1,2})?$/, 'a decimal string with at most 2 decimals');
const PositiveMoney = Money.refine((s) => /[1-9]/.test(s), 'must be greater than 0');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');
const Rate = z.string().regex(/^\d{1,6}\.\d{1,10}$/, 'a decimal string: CNY per one unit of the currency');
const Id = z.string().min(1).max(64);
const IsoTime = z.iso.datetime({ offset: true });

export const OpenCollectionRequestSchema = z.object({
  /** The platform's business reference (shipment or order), echoed in the funds notice. */
  reference: Id,
  currency: Currency,
  amount: PositiveMoney,
  payerName: z.string().trim().min(1).max(140),
  description: z.string().trim().min(1).max(140),
});
export type OpenCollectionRequest = z.infer<typeof OpenCollectionRequestSchema>;

export const OpenCollectionResultSchema = z.object({ collectionId: Id });
export type OpenCollectionResult = z.infer<typeof OpenCollectionResultSchema>;

export const QuoteRequestSchema = z.object({ currency: Currency, amount: PositiveMoney });
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

export const QuoteSchema = z.object({ quoteId: Id, rate: Rate, expiresAt: IsoTime });
export type Quote = z.infer<typeof QuoteSchema>;

export const SettleRequestSchema = z.object({ collectionId: Id, quoteId: Id, currency: Currency, amount: PositiveMoney });
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
  currency: Currency,
  valueDate: z.iso.date(),
  bankRef: Id,
});
export type FundsReceivedEvent = z.infer<typeof FundsReceivedEventSchema>;

export const BankErrorCode = {
  InvalidRequest: 'BANK.INVALID_REQUEST',
  IdempotencyKeyRequired: 'BANK.IDEMPOTENCY_KEY_REQUIRED',
  /** Same idempotency key sent with a different request (answered by the shared simulator half). */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
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
