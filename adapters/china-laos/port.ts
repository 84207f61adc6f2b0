import { z } from 'zod';
import { routeBookRequestSchema, RouteBookingSchema, type CarrierPort } from '../carrier/port.js';

/**
 * What the platform needs from a China–Laos railway operator (中老铁路 / 中老班列, docs/reference/domain-rules.md
 * §5.1–5.2): a freight train from Chongqing, Chengdu or Kunming, exit clearance at Mohan (磨憨) /
 * Boten, arrival at Vientiane (onward to Thailand). The shared capability, schemas, milestone
 * events and CARRIER.* codes are in adapters/carrier/port.ts.
 */
export const CHINA_LAOS_CORRIDOR = 'CHINA_LAOS_RAIL';
/** Where the China–Laos train leaves from (`via`). */
export const LaosHubSchema = z.enum(['CHONGQING', 'CHENGDU', 'KUNMING']);
export type LaosHub = z.infer<typeof LaosHubSchema>;

export const ChinaLaosBookRequestSchema = routeBookRequestSchema(CHINA_LAOS_CORRIDOR, LaosHubSchema);
export type ChinaLaosBookRequest = z.infer<typeof ChinaLaosBookRequestSchema>;

export const ChinaLaosBookingSchema = RouteBookingSchema.extend({
  trainNo: z.string().min(1),
});
export type ChinaLaosBooking = z.infer<typeof ChinaLaosBookingSchema>;

export type ChinaLaosPort = CarrierPort<ChinaLaosBookRequest, ChinaLaosBooking>;

export { CarrierErrorCode as ChinaLaosErrorCode } from '../carrier/port.js';
export * from '../carrier/messages.js';
