import { createCarrierClient, type CarrierClientOptions } from '../carrier/client.js';
import { ChinaLaosBookingSchema, type ChinaLaosBooking, type ChinaLaosBookRequest, type ChinaLaosPort } from './port.js';

export type ChinaLaosClientOptions = CarrierClientOptions;

/** The China–Laos railway operator's booking API over HTTP (adapters/carrier/README.md). */
export function createChinaLaosClient(options: ChinaLaosClientOptions): ChinaLaosPort {
  return createCarrierClient<ChinaLaosBookRequest, ChinaLaosBooking>('china-laos', ChinaLaosBookingSchema, options);
}
