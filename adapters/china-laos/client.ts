import { createCarrierClient, type CarrierClientOptions } from '../carrier/client.js';
import type { TransportBooking } from '../carrier/port.js';
import { ChinaLaosBookingSchema, type ChinaLaosBooking, type ChinaLaosBookRequest, type ChinaLaosPort } from './port.js';

export type ChinaLaosClientOptions = CarrierClientOptions;

/** The China–Laos railway operator's booking API over HTTP (adapters/carrier/README.md). */
export function createChinaLaosClient(options: ChinaLaosClientOptions): ChinaLaosPort {
  return createCarrierClient<ChinaLaosBookRequest, ChinaLaosBooking>('china-laos', ChinaLaosBookingSchema, chinaLaosTransport, options);
}

/** The train number (ZLnnn) is the conveyance, not the route's generic service name; the site is the hub. */
export function chinaLaosTransport(b: ChinaLaosBooking): TransportBooking {
  return { bookingNo: b.bookingNo, conveyanceRef: b.trainNo, hub: b.site, plannedDeparture: b.plannedDeparture };
}
