import { z } from 'zod';
import { BankErrorCode, SettlementSchema, type BankPort, type SettleRequest } from '../bank/port.js';
import { AdapterError, isAdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { decimalString } from '../kit/schemas.js';
import { QuotaRule } from './rules.js';
import { ConversionSchema, ErrorName, PayoutCollectionSchema, RateLockSchema } from './wire.js';

/** `headers` must carry the merchant's credentials: `x-pi-merchant-id` (and an API key in production). */
export type PaymentInstitutionClientOptions = AdapterClientOptions;

/** Codes of rejections only a payment institution has; port-level reasons keep the port's `BANK.*` codes. */
export const PaymentInstitutionErrorCode = {
  AuthenticationFailed: 'PAYMENT_INSTITUTION.AUTHENTICATION_FAILED',
  PerTransactionCapExceeded: 'PAYMENT_INSTITUTION.PER_TRANSACTION_CAP_EXCEEDED',
  AnnualQuotaExceeded: 'PAYMENT_INSTITUTION.ANNUAL_QUOTA_EXCEEDED',
  PayoutAlreadyRegistered: 'PAYMENT_INSTITUTION.PAYOUT_ALREADY_REGISTERED',
  Rejected: 'PAYMENT_INSTITUTION.REJECTED',
} as const;

const CODES: Record<string, string> = {
  [ErrorName.AuthenticationFailure]: PaymentInstitutionErrorCode.AuthenticationFailed,
  [ErrorName.PerTransactionLimitExceeded]: PaymentInstitutionErrorCode.PerTransactionCapExceeded,
  [ErrorName.AnnualQuotaExceeded]: PaymentInstitutionErrorCode.AnnualQuotaExceeded,
  [ErrorName.PayoutAlreadyRegistered]: PaymentInstitutionErrorCode.PayoutAlreadyRegistered,
  [ErrorName.InvalidRequest]: BankErrorCode.InvalidRequest,
  [ErrorName.IdempotencyKeyMissing]: BankErrorCode.IdempotencyKeyRequired,
  [ErrorName.IdempotencyKeyReused]: BankErrorCode.IdempotencyKeyReused,
  [ErrorName.CurrencyNotSupported]: BankErrorCode.CurrencyNotSupported,
  [ErrorName.PayoutCollectionNotFound]: BankErrorCode.CollectionNotFound,
  [ErrorName.CurrencyMismatch]: BankErrorCode.CurrencyMismatch,
  [ErrorName.FundsNotYetReceived]: BankErrorCode.FundsNotReceived,
  [ErrorName.InsufficientReceivedFunds]: BankErrorCode.AmountExceedsReceived,
  [ErrorName.RateLockNotFound]: BankErrorCode.QuoteNotFound,
  [ErrorName.RateLockExpired]: BankErrorCode.QuoteExpired,
  [ErrorName.RateLockUsed]: BankErrorCode.QuoteAlreadyUsed,
  [ErrorName.RateLockMismatch]: BankErrorCode.QuoteMismatch,
};

/** BankPort's settlement plus what the institution reports; still parses as the port's SettlementSchema. */
export const PaymentInstitutionSettlementSchema = SettlementSchema.extend({
  /** Fee deducted from the gross `cnyAmount` (which stays amount × rate, as the port states). */
  feeCny: decimalString(15, 2).optional(),
  feeRate: z.string().optional(),
  netCnyAmount: decimalString(15, 2).optional(),
  quotaRule: z.enum([QuotaRule.TransactionProof, QuotaRule.AnnualQuota, QuotaRule.Enterprise]).optional(),
  quotaConsumedUsd: decimalString(15, 2).optional(),
  bopCode: z.string().optional(),
  bopRemark: z.string().optional(),
  /** false when the BOP code is the assumed one (9610 → 121010, docs/reference/domain-rules.md §4.3 ⚠). */
  bopCodeConfirmed: z.boolean().optional(),
});
export type PaymentInstitutionSettlement = z.infer<typeof PaymentInstitutionSettlementSchema>;

/** A BankPort whose settle also tells the fee, the quota rule and the BOP code. */
export interface PaymentInstitutionPort extends BankPort {
  settle(req: SettleRequest, idempotencyKey: string): Promise<PaymentInstitutionSettlement>;
}

/** Maps the institution's `{ name }` errors (the kit left them as TRANSPORT.CLIENT_ERROR) to port / PI codes. */
function remap(err: unknown): unknown {
  if (!isAdapterError(err) || err.retryable) return err;
  const body = (err.details?.body ?? {}) as { name?: unknown; message?: unknown; details?: unknown };
  if (typeof body.name !== 'string') return err;
  return new AdapterError({
    code: CODES[body.name] ?? PaymentInstitutionErrorCode.Rejected,
    message: `payment-institution: ${body.name}: ${typeof body.message === 'string' ? body.message : ''}`,
    retryable: false,
    ...(err.status !== undefined ? { status: err.status } : {}),
    details: { name: body.name, ...(typeof body.details === 'object' && body.details ? (body.details as Record<string, unknown>) : {}) },
  });
}

/**
 * The payment institution's API behind BankPort. Every platform collection stems from a 9610
 * shipment with its order and declaration, so the client always sends that as transaction proof.
 */
export function createPaymentInstitutionClient(options: PaymentInstitutionClientOptions): PaymentInstitutionPort {
  const http = createHttpClient({ system: 'payment-institution', ...options });
  async function post<T>(path: string, body: unknown, key: string, schema: z.ZodType<T>): Promise<T> {
    let raw: unknown;
    try {
      raw = await http.postJson<unknown>(path, body, { idempotencyKey: key });
    } catch (err) {
      throw remap(err);
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    throw new AdapterError({ code: TransportErrorCode.BadResponse, message: `payment-institution: ${path}: ${z.prettifyError(parsed.error)}`, retryable: false });
  }
  return {
    async openCollection(req, key) {
      const c = await post('/api/v3/payout-collections', {
        marketplacePayoutId: req.reference,
        marketplace: req.payerName,
        expected: { value: req.amount, currency: req.currency },
        memo: req.description,
        tradeProof: { orderRef: req.reference, customsDeclared: true },
      }, key, PayoutCollectionSchema);
      return { collectionId: c.id };
    },
    async quote(req, key) {
      const lock = await post('/api/v3/fx/rate-locks', { sell: { value: req.amount, currency: req.currency }, buyCurrency: 'CNY' }, key, RateLockSchema);
      return { quoteId: lock.id, rate: lock.rate, expiresAt: lock.expiresAt };
    },
    async settle(req, key) {
      const c = await post('/api/v3/fx/conversions', {
        payoutCollectionId: req.collectionId, rateLockId: req.quoteId, sell: { value: req.amount, currency: req.currency },
      }, key, ConversionSchema);
      return {
        settlementId: c.id,
        cnyAmount: c.gross.value,
        rate: c.rate,
        settledAt: c.completedAt,
        feeCny: c.fee.amount.value,
        feeRate: c.fee.rate,
        netCnyAmount: c.net.value,
        quotaRule: c.quota.rule,
        quotaConsumedUsd: c.quota.consumed.value,
        bopCode: c.bop.code,
        bopRemark: c.bop.remark,
        bopCodeConfirmed: c.bop.confirmed,
      };
    },
  };
}
