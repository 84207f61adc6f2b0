import { z } from 'zod';
import { InvtNo } from '../kit/schemas.js';
import { FulfilOrderRequestSchema, InboundBookingSchema, type AnnounceInboundRequest, type WarehousePort } from '../warehouse/port.js';

/**
 * What the platform needs from the warehouse enterprise (区内仓储企业) in a B-type bonded logistics
 * centre (保税物流中心（B型）) for 1210 bonded retail import (docs/reference/domain-rules.md §1.6): bulk goods
 * entered first-line (一线进境) into bonded stock, and one consumer order at a time picked and
 * sent out second-line (二线出区) once customs released its import list, then delivered in China.
 * Stock is bonded: no duties or import VAT until a consumer order's list is released. The shared
 * capability, events and WAREHOUSE.* codes are in adapters/warehouse/port.ts.
 */
export type BondedInboundRequest = AnnounceInboundRequest;

/** The order may leave only with the released import list (清单编号) that it was declared on. */
export const BondedOrderRequestSchema = FulfilOrderRequestSchema.extend({ invtNo: InvtNo });
export type BondedOrderRequest = z.infer<typeof BondedOrderRequestSchema>;

export const BondedInboundBookingSchema = InboundBookingSchema.extend({
  /** The centre's name. */
  centre: z.string().min(1),
  /** The warehouse enterprise's bonded account book (电子账册): the CEB621 `emsNo`. */
  emsNo: z.string().regex(/^[A-Z0-9]{1,30}$/),
  /** The warehouse enterprise's customs code and name: the CEB621 `areaCode` / `areaName`. */
  areaCode: z.string().regex(/^[A-Z0-9]{10}$/),
  areaName: z.string().min(1),
  /** Customs office supervising the centre (4 digits). */
  customsCode: z.string().regex(/^\d{4}$/),
});
export type BondedInboundBooking = z.infer<typeof BondedInboundBookingSchema>;

export type BondedWarehousePort = WarehousePort<BondedInboundRequest, BondedInboundBooking, BondedOrderRequest>;

export { WarehouseErrorCode as BondedWarehouseErrorCode } from '../warehouse/port.js';
export * from '../warehouse/port.js';
