import { createCarrierClient, routeTransport, type CarrierClientOptions } from '../carrier/client.js';
import { RailWaterBookingSchema, type RailWaterBooking, type RailWaterBookRequest, type RailWaterPort } from './port.js';

export type RailWaterClientOptions = CarrierClientOptions;

/** The rail–water operator's booking API over HTTP (adapters/carrier/README.md). */
export function createRailWaterClient(options: RailWaterClientOptions): RailWaterPort {
  return createCarrierClient<RailWaterBookRequest, RailWaterBooking>('rail-water', RailWaterBookingSchema, routeTransport, options);
}
