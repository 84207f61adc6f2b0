import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import { BookingSchema, CancellationSchema, LoadingConfirmationSchema, type RailPort } from './port.js';

/**
 * `baseUrl` e.g. the operator's booking API, or the simulator's http://127.0.0.1:4102;
 * `headers`: credentials the operator issues to the platform, from config.
 */
export type RailClientOptions = AdapterClientOptions;

/**
 * The rail operator's booking API over HTTP. Transport failures come out as retryable
 * AdapterErrors (kit), business rejections as non-retryable ones with the operator's `RAIL.*` code.
 */
export function createRailClient(options: RailClientOptions): RailPort {
  const http = createHttpClient({ system: 'rail', ...options });
  const booking = (bookingNo: string) => `/v1/bookings/${encodeURIComponent(bookingNo)}`;
  return {
    book: (req, key) => http.postParsed('/v1/bookings', req, key, BookingSchema),
    confirmLoading: ({ bookingNo, invtNo }, key) =>
      http.postParsed(`${booking(bookingNo)}/loading-confirmation`, { invtNo }, key, LoadingConfirmationSchema),
    cancel: ({ bookingNo, reason }, key) => http.postParsed(`${booking(bookingNo)}/cancellation`, { reason }, key, CancellationSchema),
  };
}
