import { createWarehouseClient, type WarehouseClientOptions } from '../warehouse/client.js';
import { BondedInboundBookingSchema, type BondedInboundBooking, type BondedInboundRequest, type BondedOrderRequest, type BondedWarehousePort } from './port.js';

export type BondedWarehouseClientOptions = WarehouseClientOptions;

/** The bonded warehouse enterprise's API over HTTP (adapters/warehouse/README.md). */
export function createBondedWarehouseClient(options: BondedWarehouseClientOptions): BondedWarehousePort {
  return createWarehouseClient<BondedInboundRequest, BondedInboundBooking, BondedOrderRequest>('bonded-warehouse', options, BondedInboundBookingSchema);
}
