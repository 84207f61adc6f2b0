import { z } from 'zod';
import { AdapterError, TransportErrorCode } from '../kit/errors.js';
import { createHttpClient } from '../kit/http.js';
import { BookingSchema, CancellationSchema, LoadingConfirmationSchema, type RailPort } from './port.js';

export interface RailClientOptions {
  /** e.g. the operator's booking API, or the simulator's http://127.0.0.1:4102 */
  baseUrl: string;
  timeoutMs?: number;
  /** Credentials the operator issues to the platform, from config. */
  headers?: Record<string, string>;
}

/**
 * The rail operator's booking API over HTTP. Transport failures come out as retryable
 * AdapterErrors (kit), business rejections as non-retryable ones with the operator's `RAIL.*` code.
 */
export function createRailClient(options: RailClientOptions): RailPort {
  const http = createHttpClient({ system: 'rail', ...options });

  async function post<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T> {
    const raw = await http.postJson<unknown>(path, body, { idempotencyKey });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new AdapterError({
        code: TransportErrorCode.BadResponse,
        message: `rail: POST ${path} answered a body outside the contract: ${z.prettifyError(parsed.error)}`,
        retryable: false,
      });
    }
    return parsed.data;
  }

  const booking = (bookingNo: string) => `/v1/bookings/${encodeURIComponent(bookingNo)}`;
  return {
    book: (req, key) => post('/v1/bookings', req, key, BookingSchema),
    confirmLoading: ({ bookingNo, invtNo }, key) =>
      post(`${booking(bookingNo)}/loading-confirmation`, { invtNo }, key, LoadingConfirmationSchema),
    cancel: ({ bookingNo, reason }, key) => post(`${booking(bookingNo)}/cancellation`, { reason }, key, CancellationSchema),
  };
}
