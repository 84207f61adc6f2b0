import { z } from 'zod';
import { routeBookRequestSchema, RouteBookingSchema, type CarrierPort } from '../carrier/port.js';

/**
 * What the platform needs from a Yangtze rail–water (铁水联运) operator (docs/reference/domain-rules.md §5.1–5.2):
 * rail from Dazhou to a Yangtze river port, a river liner through the Three Gorges lock to the
 * sea port, transshipment to an ocean vessel and the voyage. The shared capability, schemas,
 * milestone events and CARRIER.* codes are in adapters/carrier/port.ts.
 */
export const RAIL_WATER_CORRIDOR = 'RAIL_WATER_YANGTZE';
/** The river port the rail leg ends at and the liner leaves from (`via`). */
export const RiverPortSchema = z.enum(['WANZHOU', 'CHONGQING_GUOYUAN']);
export type RiverPort = z.infer<typeof RiverPortSchema>;
/** The sea port where goods move to the ocean vessel (default: by destination). */
export const SeaPortSchema = z.enum(['YANGSHAN', 'TAICANG', 'NINGBO_ZHOUSHAN']);
export type SeaPort = z.infer<typeof SeaPortSchema>;

export const RailWaterBookRequestSchema = routeBookRequestSchema(RAIL_WATER_CORRIDOR, RiverPortSchema).extend({
  seaPort: SeaPortSchema.optional(),
});
export type RailWaterBookRequest = z.infer<typeof RailWaterBookRequestSchema>;

export const RailWaterBookingSchema = RouteBookingSchema.extend({
  /** The ocean sea port (also `exitPort`, where the vessel leaves China). */
  seaPort: SeaPortSchema,
});
export type RailWaterBooking = z.infer<typeof RailWaterBookingSchema>;

export type RailWaterPort = CarrierPort<RailWaterBookRequest, RailWaterBooking>;

export { CarrierErrorCode as RailWaterErrorCode } from '../carrier/port.js';
export * from '../carrier/messages.js';
