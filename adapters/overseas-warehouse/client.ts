import { createWarehouseClient, type WarehouseClientOptions } from '../warehouse/client.js';
import type { FulfilOrderRequest } from '../warehouse/port.js';
import { OverseasInboundBookingSchema, type OverseasInboundBooking, type OverseasInboundRequest, type OverseasWarehousePort } from './port.js';

export type OverseasWarehouseClientOptions = WarehouseClientOptions;

/** The overseas warehouse operator's API over HTTP (adapters/warehouse/README.md). */
export function createOverseasWarehouseClient(options: OverseasWarehouseClientOptions): OverseasWarehousePort {
  return createWarehouseClient<OverseasInboundRequest, OverseasInboundBooking, FulfilOrderRequest>('overseas-warehouse', options, OverseasInboundBookingSchema);
}
