import { z } from 'zod';
import { routeBookRequestSchema, RouteBookingSchema, type CarrierPort } from '../carrier/port.js';
import { decimalString, positive } from '../kit/schemas.js';

/**
 * What the platform needs from the international post (国际邮路) for 9610 parcels (docs/reference/domain-rules.md
 * §5.3): acceptance, the postal CBEC supervised site where customs checks the parcels, dispatch
 * once released, the outward office of exchange, delivery abroad. The shared capability, schemas,
 * milestone events and CARRIER.* codes are in adapters/carrier/port.ts.
 */
export const POSTAL_CORRIDOR = 'POSTAL_INTERNATIONAL';
/** The mail route (`via`); omitted: rail mail where the destination has it, else air. */
export const PostalServiceSchema = z.enum(['CR_EXPRESS_MAIL', 'AIR_MAIL']);
export type PostalService = z.infer<typeof PostalServiceSchema>;

/** The 9610 logistics number of one parcel (CEB505 `logisticsNo`, C..32 on export). */
export const LogisticsNo = z.string().regex(/^[A-Za-z0-9-]{1,32}$/, '1-32 letters, digits or -');
export const ParcelSchema = z.object({ logisticsNo: LogisticsNo, grossWeightKg: positive(decimalString(5, 3, 'a decimal string')) });
export type Parcel = z.infer<typeof ParcelSchema>;

export const PostalBookRequestSchema = routeBookRequestSchema(POSTAL_CORRIDOR, PostalServiceSchema).extend({
  packages: z.number().int().min(1).max(1000),
  /**
   * One entry per parcel (as many as `packages`). Omitted: `packages` parcels of equal weight
   * numbered from `waybillNo` (`waybillNo` itself for one parcel, else `waybillNo-1`…).
   */
  parcels: z.array(ParcelSchema).min(1).max(1000).optional(),
}).superRefine((req, ctx) => {
  if (req.parcels && req.parcels.length !== req.packages) ctx.addIssue({ code: 'custom', path: ['parcels'], message: 'one parcel per package' });
  if (req.parcels && new Set(req.parcels.map((p) => p.logisticsNo)).size !== req.parcels.length) {
    ctx.addIssue({ code: 'custom', path: ['parcels'], message: 'logisticsNo must be unique' });
  }
});
export type PostalBookRequest = z.infer<typeof PostalBookRequestSchema>;

/** UPU S10 item number, e.g. CP123456785CN. */
export const ItemNo = z.string().regex(/^[A-Z]{2}\d{9}[A-Z]{2}$/, 'a UPU S10 item number');
export const PostalBookingSchema = RouteBookingSchema.extend({
  via: PostalServiceSchema,
  /** The outward office of exchange (also `exitPort`). */
  officeOfExchange: z.string().min(1),
  maxParcelKg: z.number().positive(),
  parcels: z.array(z.object({ logisticsNo: z.string().min(1), itemNo: ItemNo, grossWeightKg: z.string().min(1) })),
});
export type PostalBooking = z.infer<typeof PostalBookingSchema>;

export type PostalPort = CarrierPort<PostalBookRequest, PostalBooking>;

export { CarrierErrorCode as PostalErrorCode } from '../carrier/port.js';
export * from '../carrier/messages.js';
