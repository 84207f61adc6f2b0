import { z } from 'zod';
import { CurrencyCode, decimalString, positive } from '../kit/schemas.js';
import { inboundRequestSchema, InboundBookingSchema, InboundLineSchema, type FulfilOrderRequest, type WarehousePort } from '../warehouse/port.js';

/**
 * What the platform needs from an overseas warehouse (海外仓) operator holding 9810 stock abroad
 * (docs/reference/domain-rules.md §1.5, §5.4): the inbound booking sent with the booking order (订仓单), receipt,
 * sales reports batch by batch until the stock is sold out, order fulfilment and returns. The
 * shared capability, events and WAREHOUSE.* codes are in adapters/warehouse/port.ts.
 */
export const OverseasWarehouseCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,10}-\d{2}$/, 'a warehouse code like DE-DUI-01');

/** 9810 lines carry the declared export price: the simulator's sales are priced from it. */
export const OverseasInboundLineSchema = InboundLineSchema.extend({
  unitPrice: positive(decimalString(13, 4)),
  currency: CurrencyCode,
});
export const OverseasInboundRequestSchema = inboundRequestSchema(OverseasInboundLineSchema).extend({ warehouseCode: OverseasWarehouseCode });
export type OverseasInboundRequest = z.infer<typeof OverseasInboundRequestSchema>;

export const OverseasInboundBookingSchema = InboundBookingSchema.extend({
  warehouseName: z.string().min(1),
  /** ISO 3166 alpha-2 country of the warehouse. */
  country: z.string().regex(/^[A-Z]{2}$/),
  address: z.string().min(1),
});
export type OverseasInboundBooking = z.infer<typeof OverseasInboundBookingSchema>;

export type OverseasWarehousePort = WarehousePort<OverseasInboundRequest, OverseasInboundBooking, FulfilOrderRequest>;

export { WarehouseErrorCode as OverseasWarehouseErrorCode } from '../warehouse/port.js';
export * from '../warehouse/port.js';
