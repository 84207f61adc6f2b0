import { z } from 'zod';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient } from '../kit/http.js';
import { OpenCollectionResultSchema, QuoteSchema, SettlementSchema, type BankPort } from './port.js';

export interface BankClientOptions {
  /** e.g. https://fx-api.bank.example/ or the simulator's http://127.0.0.1:4103 */
  baseUrl: string;
  timeoutMs?: number;
  /** Credentials the bank issues (API key, channel id), from config. */
  headers?: Record<string, string>;
}

/**
 * The bank's FX API over HTTP. Transport failures come out as retryable AdapterErrors (kit),
 * business rejections as non-retryable ones carrying the bank's `BANK.*` code.
 */
export function createBankClient(options: BankClientOptions): BankPort {
  const http = createHttpClient({ system: 'bank', ...options });

  async function post<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T> {
    const raw = await http.postJson<unknown>(path, body, { idempotencyKey });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new AdapterError({
        code: TransportErrorCode.BadResponse,
        message: `bank: POST ${path} answered a body outside the contract: ${z.prettifyError(parsed.error)}`,
        retryable: false,
      });
    }
    return parsed.data;
  }

  return {
    openCollection: (req, key) => post('/v1/collections', req, key, OpenCollectionResultSchema),
    quote: (req, key) => post('/v1/fx/quotes', req, key, QuoteSchema),
    settle: (req, key) => post('/v1/fx/settlements', req, key, SettlementSchema),
  };
}
