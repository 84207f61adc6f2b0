import { z } from 'zod';
import { routeBookRequestSchema, RouteBookingSchema, type CarrierPort } from '../carrier/port.js';

/**
 * What the platform needs from a western land–sea corridor operator (西部陆海新通道, ILSTC;
 * docs/reference/domain-rules.md §5.1–5.2): a rail leg to Qinzhou Port East, transshipment to a vessel
 * ("下车即上船") and the voyage to a foreign port. The shared capability, schemas, milestone events
 * and CARRIER.* codes are in adapters/carrier/port.ts.
 */
export const LAND_SEA_CORRIDOR = 'LAND_SEA_QINZHOU';
/** Where the ILSTC train leaves from (`via`). */
export const RailHeadSchema = z.enum(['CHONGQING', 'DAZHOU']);
export type RailHead = z.infer<typeof RailHeadSchema>;

export const LandSeaBookRequestSchema = routeBookRequestSchema(LAND_SEA_CORRIDOR, RailHeadSchema);
export type LandSeaBookRequest = z.infer<typeof LandSeaBookRequestSchema>;

export const LandSeaBookingSchema = RouteBookingSchema.extend({
  /** The rail–sea transfer station at Qinzhou. */
  railTerminal: z.string().min(1),
});
export type LandSeaBooking = z.infer<typeof LandSeaBookingSchema>;

export type LandSeaPort = CarrierPort<LandSeaBookRequest, LandSeaBooking>;

export { CarrierErrorCode as LandSeaErrorCode } from '../carrier/port.js';
export * from '../carrier/messages.js';
