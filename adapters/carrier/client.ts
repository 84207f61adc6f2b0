import type { z } from 'zod';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import {
  CancellationSchema,
  LoadingConfirmationSchema,
  type CarrierBooking,
  type CarrierBookRequest,
  type CarrierPort,
} from './port.js';

/** `baseUrl` of the carrier's booking API (or its simulator); `headers`: credentials from config. */
export type CarrierClientOptions = AdapterClientOptions;

/**
 * The carrier booking API (README.md) over HTTP, shared by the route-based carriers. Transport
 * failures come out as retryable AdapterErrors (kit), business rejections as non-retryable ones
 * with the carrier's `CARRIER.*` code.
 */
export function createCarrierClient<Req extends CarrierBookRequest, B extends CarrierBooking>(
  system: string,
  bookingSchema: z.ZodType<B>,
  options: CarrierClientOptions,
): CarrierPort<Req, B> {
  const http = createHttpClient({ system, ...options });
  const booking = (bookingNo: string) => `/v1/bookings/${encodeURIComponent(bookingNo)}`;
  return {
    book: (req, key) => http.postParsed('/v1/bookings', req, key, bookingSchema),
    confirmLoading: ({ bookingNo, invtNo }, key) =>
      http.postParsed(`${booking(bookingNo)}/loading-confirmation`, { invtNo }, key, LoadingConfirmationSchema),
    cancel: ({ bookingNo, reason }, key) => http.postParsed(`${booking(bookingNo)}/cancellation`, { reason }, key, CancellationSchema),
  };
}
