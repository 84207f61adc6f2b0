import { createCarrierClient, type CarrierClientOptions } from '../carrier/client.js';
import type { TransportBooking } from '../carrier/port.js';
import { BookingSchema, type Booking, type BookRequest, type RailPort } from './port.js';

/**
 * `baseUrl` e.g. the operator's booking API, or the simulator's http://127.0.0.1:4102;
 * `headers`: credentials the operator issues to the platform, from config.
 */
export type RailClientOptions = CarrierClientOptions;

/**
 * The rail operator's booking API over HTTP (the carrier booking API, adapters/carrier/client.ts).
 * Transport failures come out as retryable AdapterErrors (kit), business rejections as
 * non-retryable ones with the operator's `RAIL.*` code.
 */
export function createRailClient(options: RailClientOptions): RailPort {
  return createCarrierClient<BookRequest, Booking>('rail', BookingSchema, railTransport, options);
}

/** The operator's train number is the conveyance; its hub's supervised site is where the first leg ends. */
export function railTransport(b: Booking): TransportBooking {
  return { bookingNo: b.bookingNo, conveyanceRef: b.trainNo, hub: b.hub, plannedDeparture: b.plannedDeparture };
}
