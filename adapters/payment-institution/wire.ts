import { z } from 'zod';
import type { FundsReceivedEvent } from '../bank/port.js';
import { CurrencyCode, decimalString, IsoTime, positive, Reference } from '../kit/schemas.js';
import { QuotaRule } from './rules.js';

/**
 * The payment institution's wire format (README.md): camelCase JSON, amounts as money objects
 * `{ value: "1234.56", currency: "USD" }`, errors as HTTP 4xx `{ name, message, debugId, details? }`,
 * the merchant (seller) identified by the `x-pi-merchant-id` header.
 */
export const MERCHANT_HEADER = 'x-pi-merchant-id';

export const ErrorName = {
  AuthenticationFailure: 'AUTHENTICATION_FAILURE',
  InvalidRequest: 'INVALID_REQUEST',
  IdempotencyKeyMissing: 'IDEMPOTENCY_KEY_MISSING',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  CurrencyNotSupported: 'CURRENCY_NOT_SUPPORTED',
  PerTransactionLimitExceeded: 'PER_TRANSACTION_LIMIT_EXCEEDED',
  PayoutAlreadyRegistered: 'PAYOUT_ALREADY_REGISTERED',
  PayoutCollectionNotFound: 'PAYOUT_COLLECTION_NOT_FOUND',
  CurrencyMismatch: 'CURRENCY_MISMATCH',
  FundsNotYetReceived: 'FUNDS_NOT_YET_RECEIVED',
  InsufficientReceivedFunds: 'INSUFFICIENT_RECEIVED_FUNDS',
  AnnualQuotaExceeded: 'ANNUAL_QUOTA_EXCEEDED',
  RateLockNotFound: 'RATE_LOCK_NOT_FOUND',
  RateLockExpired: 'RATE_LOCK_EXPIRED',
  RateLockUsed: 'RATE_LOCK_USED',
  RateLockMismatch: 'RATE_LOCK_MISMATCH',
} as const;

const Amount = decimalString(15, 2);
export const MoneySchema = z.object({ value: Amount, currency: CurrencyCode });
const PositiveMoney = z.object({ value: positive(Amount), currency: CurrencyCode });
const Id = z.string().min(1).max(64);
const Rate = z.string().regex(/^\d{1,6}\.\d{6}$/, 'CNY per unit, 6 decimals');

export const CreatePayoutCollectionSchema = z.object({
  /** The marketplace payout the collection is keyed by (one collection per merchant and payout). */
  marketplacePayoutId: Reference,
  marketplace: z.string().trim().min(1).max(140),
  expected: PositiveMoney,
  memo: z.string().trim().min(1).max(140),
  /** Transaction proof: the order (and customs declaration) behind the payout; absent = none. */
  tradeProof: z.object({ orderRef: Reference, customsDeclared: z.boolean() }).optional(),
});
export const CreateRateLockSchema = z.object({ sell: PositiveMoney, buyCurrency: z.literal('CNY') });
export const CreateConversionSchema = z.object({ payoutCollectionId: Id, rateLockId: Id, sell: PositiveMoney });

export const PayoutCollectionSchema = z.object({
  id: Id,
  marketplacePayoutId: Reference,
  status: z.literal('AWAITING_FUNDS'),
  expected: MoneySchema,
  createdAt: IsoTime,
});
export const RateLockSchema = z.object({ id: Id, sell: MoneySchema, buy: MoneySchema, rate: Rate, expiresAt: IsoTime });
export const ConversionSchema = z.object({
  id: Id,
  status: z.literal('COMPLETED'),
  payoutCollectionId: Id,
  rateLockId: Id,
  sell: MoneySchema,
  rate: Rate,
  gross: MoneySchema,
  fee: z.object({ amount: MoneySchema, rate: z.string() }),
  net: MoneySchema,
  quota: z.object({
    rule: z.enum([QuotaRule.TransactionProof, QuotaRule.AnnualQuota, QuotaRule.Enterprise]),
    consumed: MoneySchema,
    remaining: MoneySchema.nullable(),
  }),
  bop: z.object({ code: z.string().regex(/^\d{6}$/), remark: z.string(), confirmed: z.boolean() }),
  completedAt: IsoTime,
});
export type Conversion = z.infer<typeof ConversionSchema>;

export const QuotaStatusSchema = z.object({
  merchantId: Id,
  sellerType: z.enum(['INDIVIDUAL', 'ENTERPRISE']),
  year: z.number().int(),
  limit: MoneySchema.nullable(),
  used: MoneySchema,
  remaining: MoneySchema.nullable(),
});

/** The institution's own webhook (its native shape). */
export const PayoutFundsWebhookSchema = z.object({
  id: Id,
  event: z.literal('payout.funds_received'),
  createdAt: IsoTime,
  resource: z.object({
    payoutCollectionId: Id,
    marketplacePayoutId: Reference,
    received: MoneySchema,
    valueDate: z.iso.date(),
    partnerBankRef: Id,
  }),
});
export type PayoutFundsWebhook = z.infer<typeof PayoutFundsWebhookSchema>;

/** The webhook in the platform's callback shape (bank A's JSON); run by the gateway / the simulator. */
export function toFundsReceivedEvent(w: PayoutFundsWebhook): FundsReceivedEvent {
  return {
    eventId: w.id,
    type: 'FUNDS_RECEIVED',
    reference: w.resource.marketplacePayoutId,
    collectionId: w.resource.payoutCollectionId,
    amount: w.resource.received.value,
    currency: w.resource.received.currency,
    valueDate: w.resource.valueDate,
    bankRef: w.resource.partnerBankRef,
  };
}
