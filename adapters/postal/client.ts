import { createCarrierClient, routeTransport, type CarrierClientOptions } from '../carrier/client.js';
import { PostalBookingSchema, type PostalBooking, type PostalBookRequest, type PostalPort } from './port.js';

export type PostalClientOptions = CarrierClientOptions;

/** The international post's booking API over HTTP (adapters/carrier/README.md). */
export function createPostalClient(options: PostalClientOptions): PostalPort {
  return createCarrierClient<PostalBookRequest, PostalBooking>('postal', PostalBookingSchema, routeTransport, options);
}
