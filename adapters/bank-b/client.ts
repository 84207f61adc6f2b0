import { z } from 'zod';
import { BankErrorCode, OpenCollectionRequestSchema, OpenCollectionResultSchema, QuoteRequestSchema, QuoteSchema, SettleRequestSchema, SettlementSchema, type BankPort } from '../bank/port.js';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import {
  centsToDecimal,
  decimalToCents,
  EnvelopeSchema,
  parseChinaStamp,
  per100ToUnitRate,
  RateLockedSchema,
  RemittanceRegisteredSchema,
  RetCode,
  SettlementExecutedSchema,
  type Envelope,
} from './wire.js';

/** `baseUrl` e.g. https://openapi.bank-b.example/ or the simulator's; `headers`: the channel's credentials. */
export type BankBClientOptions = AdapterClientOptions;

const SYSTEM = 'bank-b';

/** Bank B's `ret_code` → the port's codes, so workflows branch the same way for every bank. */
const RET_CODES: Record<string, string> = {
  [RetCode.InvalidRequest]: BankErrorCode.InvalidRequest,
  [RetCode.RequestNoRequired]: BankErrorCode.IdempotencyKeyRequired,
  [RetCode.RequestNoReused]: BankErrorCode.IdempotencyKeyReused,
  [RetCode.CurrencyNotSupported]: BankErrorCode.CurrencyNotSupported,
  [RetCode.CollectionNotFound]: BankErrorCode.CollectionNotFound,
  [RetCode.CurrencyMismatch]: BankErrorCode.CurrencyMismatch,
  [RetCode.FundsNotCredited]: BankErrorCode.FundsNotReceived,
  [RetCode.AmountExceedsCredited]: BankErrorCode.AmountExceedsReceived,
  [RetCode.QuoteNotFound]: BankErrorCode.QuoteNotFound,
  [RetCode.QuoteExpired]: BankErrorCode.QuoteExpired,
  [RetCode.QuoteUsed]: BankErrorCode.QuoteAlreadyUsed,
  [RetCode.QuoteMismatch]: BankErrorCode.QuoteMismatch,
};

/** The AdapterError for a non-success envelope: known codes map to `BANK.*`, SYS* is transient. */
export function errorForEnvelope(env: Envelope): AdapterError {
  const data = (env.data ?? {}) as Record<string, unknown>;
  const available = typeof data.available_cents === 'number' ? { available: centsToDecimal(data.available_cents) } : {};
  const details = { retCode: env.ret_code, retMsg: env.ret_msg, ...available };
  const message = `${SYSTEM}: ${env.ret_code} ${env.ret_msg}`;
  if (env.ret_code.startsWith('SYS')) return new AdapterError({ code: TransportErrorCode.Unavailable, message, retryable: true, details });
  return new AdapterError({ code: RET_CODES[env.ret_code] ?? TransportErrorCode.ClientError, message, retryable: false, details });
}

function invalid(message: string, code: string = BankErrorCode.InvalidRequest): AdapterError {
  return new AdapterError({ code, message: `${SYSTEM}: ${message}`, retryable: false });
}

/** Checks a value against a port schema (client-side: Bank B's wire cannot carry an invalid amount). */
function conform<T>(schema: z.ZodType<T>, value: unknown, code: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`${what}: ${z.prettifyError(parsed.error)}`, code);
  return parsed.data;
}

function cents(amount: string): number {
  const c = decimalToCents(amount);
  if (c > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`amount ${amount} is too large for Bank B`);
  return Number(c);
}

/**
 * Bank B's FX API over HTTP, behind the same BankPort as bank A. Requests are checked against the
 * port's schemas first (a bad one is a non-retryable `BANK.INVALID_REQUEST`), then translated to
 * Bank B's wire; its envelope is unwrapped and its `ret_code`s mapped (README.md).
 */
export function createBankBClient(options: BankBClientOptions): BankPort {
  const http = createHttpClient({ system: SYSTEM, ...options });

  /** The idempotency key travels as `request_no` (the kit also sends the header; Bank B ignores it). */
  async function call<T>(path: string, body: Record<string, unknown>, key: string, schema: z.ZodType<T>): Promise<T> {
    const envelope = EnvelopeSchema.safeParse(await http.postJson<unknown>(path, { request_no: key, ...body }, { idempotencyKey: key }));
    if (!envelope.success) throw invalid(`${path} answered without the ret_code envelope`, TransportErrorCode.BadResponse);
    if (envelope.data.ret_code !== RetCode.Ok) throw errorForEnvelope(envelope.data);
    return conform(schema, envelope.data.data, TransportErrorCode.BadResponse, `${path} answered data outside its format`);
  }

  return {
    async openCollection(req, key) {
      const r = conform(OpenCollectionRequestSchema, req, BankErrorCode.InvalidRequest, 'openCollection');
      const data = await call('/openapi/fx/v2/inward-remittances/register', {
        biz_ref: r.reference, ccy: r.currency, amount_cents: cents(r.amount), payer_name: r.payerName, remark: r.description,
      }, key, RemittanceRegisteredSchema);
      return conform(OpenCollectionResultSchema, { collectionId: data.collection_no }, TransportErrorCode.BadResponse, 'openCollection');
    },
    async quote(req, key) {
      const r = conform(QuoteRequestSchema, req, BankErrorCode.InvalidRequest, 'quote');
      const data = await call('/openapi/fx/v2/rates/lock', { sell_ccy: r.currency, sell_amount_cents: cents(r.amount) }, key, RateLockedSchema);
      const quote = { quoteId: data.quote_no, rate: per100ToUnitRate(data.buy_rate), expiresAt: new Date(parseChinaStamp(data.valid_until)).toISOString() };
      return conform(QuoteSchema, quote, TransportErrorCode.BadResponse, 'quote');
    },
    async settle(req, key) {
      const r = conform(SettleRequestSchema, req, BankErrorCode.InvalidRequest, 'settle');
      const data = await call('/openapi/fx/v2/settlements/execute', {
        collection_no: r.collectionId, quote_no: r.quoteId, ccy: r.currency, amount_cents: cents(r.amount),
      }, key, SettlementExecutedSchema);
      const settlement = {
        settlementId: data.settle_no,
        cnyAmount: centsToDecimal(data.cny_amount_fen),
        rate: per100ToUnitRate(data.buy_rate),
        settledAt: new Date(parseChinaStamp(data.settle_time)).toISOString(),
      };
      return conform(SettlementSchema, settlement, TransportErrorCode.BadResponse, 'settle');
    },
  };
}
