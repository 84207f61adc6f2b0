import { z } from 'zod';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient } from '../kit/http.js';
import { ExemptionRecordSchema, type TaxPort } from './port.js';

export interface TaxClientOptions {
  /** e.g. the e-tax bureau's enterprise API, or the simulator's http://127.0.0.1:4104 */
  baseUrl: string;
  timeoutMs?: number;
  /** Credentials the bureau issues to the platform, from config. */
  headers?: Record<string, string>;
}

/**
 * The e-tax bureau's exemption-record API over HTTP. Transport failures come out as retryable
 * AdapterErrors (kit), business rejections as non-retryable ones with the bureau's `TAX.*` code.
 */
export function createTaxClient(options: TaxClientOptions): TaxPort {
  const http = createHttpClient({ system: 'tax', ...options });

  async function post<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T> {
    const raw = await http.postJson<unknown>(path, body, { idempotencyKey });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new AdapterError({
        code: TransportErrorCode.BadResponse,
        message: `tax: POST ${path} answered a body outside the contract: ${z.prettifyError(parsed.error)}`,
        retryable: false,
      });
    }
    return parsed.data;
  }

  return {
    recordExemption: (req, key) => post('/v1/exemption-records', req, key, ExemptionRecordSchema),
  };
}
