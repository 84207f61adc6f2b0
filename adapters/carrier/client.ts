import { z } from 'zod';
import { createHttpClient, type AdapterClientOptions } from '../kit/http.js';
import {
  CancellationSchema,
  LoadingConfirmationSchema,
  TransportBookingSchema,
  type Booked,
  type CarrierBooking,
  type CarrierBookRequest,
  type CarrierPort,
  type RouteBooking,
  type TransportBooking,
} from './port.js';

/** `baseUrl` of the carrier's booking API (or its simulator); `headers`: credentials from config. */
export type CarrierClientOptions = AdapterClientOptions;

/**
 * The common booking of a route-based carrier's answer (rail–water, land–sea, postal): its
 * main-leg `service` is the conveyance, its supervised `site` the hub. A carrier with a better
 * conveyance reference (China–Laos: the train number) maps its own.
 */
export function routeTransport(b: RouteBooking): TransportBooking {
  return { bookingNo: b.bookingNo, conveyanceRef: b.service, hub: b.site, plannedDeparture: b.plannedDeparture };
}

/**
 * The carrier booking API (README.md) over HTTP, shared by the carriers. `transportOf` maps the
 * carrier's own booking answer onto the common TransportBooking (checked here: an answer it
 * cannot map is a TRANSPORT.BAD_RESPONSE like any answer outside the contract). Transport
 * failures come out as retryable AdapterErrors (kit), business rejections as non-retryable ones
 * with the carrier's `CARRIER.*` code.
 */
export function createCarrierClient<Req extends CarrierBookRequest, B extends CarrierBooking>(
  system: string,
  bookingSchema: z.ZodType<B>,
  transportOf: (booking: B) => TransportBooking,
  options: CarrierClientOptions,
): CarrierPort<Req, B> {
  const http = createHttpClient({ system, ...options });
  const booking = (bookingNo: string) => `/v1/bookings/${encodeURIComponent(bookingNo)}`;
  const booked: z.ZodType<Booked<B>> = bookingSchema.transform((b, ctx) => {
    const transport = TransportBookingSchema.safeParse(transportOf(b));
    if (transport.success) return { ...b, transport: transport.data };
    ctx.addIssue({ code: 'custom', message: `the booking maps to no common transport booking: ${z.prettifyError(transport.error)}` });
    return z.NEVER;
  });
  return {
    book: (req, key) => http.postParsed('/v1/bookings', req, key, booked),
    confirmLoading: ({ bookingNo, invtNo }, key) =>
      http.postParsed(`${booking(bookingNo)}/loading-confirmation`, { invtNo }, key, LoadingConfirmationSchema),
    cancel: ({ bookingNo, reason }, key) => http.postParsed(`${booking(bookingNo)}/cancellation`, { reason }, key, CancellationSchema),
  };
}
