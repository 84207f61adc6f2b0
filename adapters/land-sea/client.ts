import { createCarrierClient, routeTransport, type CarrierClientOptions } from '../carrier/client.js';
import { LandSeaBookingSchema, type LandSeaBooking, type LandSeaBookRequest, type LandSeaPort } from './port.js';

export type LandSeaClientOptions = CarrierClientOptions;

/** The ILSTC operator's booking API over HTTP (adapters/carrier/README.md). */
export function createLandSeaClient(options: LandSeaClientOptions): LandSeaPort {
  return createCarrierClient<LandSeaBookRequest, LandSeaBooking>('land-sea', LandSeaBookingSchema, routeTransport, options);
}
