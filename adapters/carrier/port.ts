import { z } from 'zod';
import { MILESTONES } from '../../domain/milestones.js';
import { requestErrorCodes } from '../kit/errors.js';
import { decimalString, InvtNo, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * The capability every carrier offers the platform, whatever the corridor (China–Europe rail,
 * Yangtze rail–water, western land–sea, China–Laos rail, international post): book space, load
 * once customs released the goods, cancel before departure, and report five generic milestones
 * (docs/reference/domain-rules.md §5.2). Each carrier maps its real events onto them and names the real event in
 * `detail` and the real place in `location`.
 */
export { MILESTONES };
export const MilestoneSchema = z.enum(MILESTONES);
export type Milestone = z.infer<typeof MilestoneSchema>;
/** A milestone, or `INFO`: an informational event the platform records but does not wait for. */
export const CarrierEventSchema = z.enum([...MILESTONES, 'INFO']);
export type CarrierEvent = z.infer<typeof CarrierEventSchema>;

export const BookingNo = z.string().regex(/^[A-Z0-9-]{6,32}$/, '6-32 upper-case letters, digits or -');
/** Customs country code (JGS-20, e.g. 304) or ISO 3166 alpha-2 (e.g. DE). */
export const DestinationCountry = z.string().regex(/^(\d{3}|[A-Z]{2})$/, 'a 3-digit customs country code or ISO alpha-2 code');

export const CarrierBookRequestSchema = z.object({
  /** The platform's business reference (shipment id), echoed in every milestone. */
  reference: Reference,
  /** The carrier's corridor id, e.g. RAIL_WATER_YANGTZE. */
  corridor: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'an upper-case corridor id'),
  /** Where the first leg picks the goods up, e.g. "Dazhou (达州)". */
  origin: z.string().trim().min(1).max(100),
  destinationCountry: DestinationCountry,
  packages: z.number().int().min(1).max(100_000),
  grossWeightKg: positive(decimalString(9, 5, 'a decimal string')),
  waybillNo: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, '1-32 letters, digits or -'),
  /** The carrier's route or hub code (see its README); omitted: the carrier's default. */
  via: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/).optional(),
});
export type CarrierBookRequest = z.infer<typeof CarrierBookRequestSchema>;

/** The request of a route-based carrier: its one corridor id and its route codes as `via`. */
export function routeBookRequestSchema<C extends string, V extends z.ZodType<string>>(corridor: C, via: V) {
  return CarrierBookRequestSchema.extend({ corridor: z.literal(corridor), via: via.optional() });
}

/** What every booking answer has; carriers add their route fields. */
export const CarrierBookingSchema = z.object({ bookingNo: BookingNo, plannedDeparture: IsoTime });
export type CarrierBooking = z.infer<typeof CarrierBookingSchema>;

/**
 * A booking as the platform uses it, whatever the carrier: each carrier's client maps its own
 * answer onto this shape (its `transport`), so no code guesses fields across carriers.
 */
export const TransportBookingSchema = z.object({
  bookingNo: BookingNo,
  /**
   * The main-leg conveyance the goods leave on: a train number (rail, China–Laos), a liner or
   * vessel service (rail–water, land–sea) or a mail route (postal). It fills the CEB departure
   * report's trafName (运输工具名称) and the arrival report's domesticTrafNo
   * (adapters/single-window/mapping.ts).
   */
  conveyanceRef: z.string().min(1),
  /** The supervised site (监管场站) where the first leg ends and customs checks the goods. */
  hub: z.string().min(1),
  plannedDeparture: IsoTime,
});
export type TransportBooking = z.infer<typeof TransportBookingSchema>;

/** A carrier's booking answer and, as `transport`, the platform's common view of it. */
export type Booked<B extends CarrierBooking> = B & { transport: TransportBooking };

/** The booking answer of the route-based carriers (rail-water, land-sea, China–Laos, postal). */
export const RouteBookingSchema = CarrierBookingSchema.extend({
  corridor: z.string().min(1),
  /** The route taken (the `via` code, defaulted). */
  via: z.string().min(1),
  /** Supervised site where customs checks the goods: ARRIVED_AT_SITE and DEPARTED. */
  site: z.string().min(1),
  /** Where the goods leave China: BORDER_CROSSED. */
  exitPort: z.string().min(1),
  /** ARRIVED. */
  destination: z.string().min(1),
  /** The main-leg service (liner, train, mail route). */
  service: z.string().min(1),
  plannedArrival: IsoTime,
});
export type RouteBooking = z.infer<typeof RouteBookingSchema>;

export const ConfirmLoadingRequestSchema = z.object({
  bookingNo: BookingNo,
  /** Customs export inventory number (清单编号) whose release allows loading. */
  invtNo: InvtNo,
});
export type ConfirmLoadingRequest = z.infer<typeof ConfirmLoadingRequestSchema>;
export const LoadingConfirmationSchema = z.object({ bookingNo: BookingNo, loadingConfirmed: z.literal(true) });
export type LoadingConfirmation = z.infer<typeof LoadingConfirmationSchema>;

export const CancelRequestSchema = z.object({ bookingNo: BookingNo, reason: z.string().trim().min(1).max(200) });
export type CancelRequest = z.infer<typeof CancelRequestSchema>;
export const CancellationSchema = z.object({ bookingNo: BookingNo, cancelled: z.literal(true) });
export type Cancellation = z.infer<typeof CancellationSchema>;

/**
 * Asynchronous event notice, signed like every callback (adapters/kit/callbacks.ts). Per booking
 * the five milestones come in MILESTONES order (INFO events may come between them); DEPARTED and
 * later only after confirmLoading. `at` is when the event happened.
 */
export const MilestoneEventSchema = z.object({
  eventId: z.string().min(1),
  reference: z.string().min(1),
  bookingNo: BookingNo,
  event: CarrierEventSchema,
  location: z.string().min(1),
  at: IsoTime,
  /** The corridor-specific event name, e.g. THREE_GORGES_LOCK, TRANSSHIPPED_TO_VESSEL. */
  detail: z.string().min(1).optional(),
});
export type MilestoneEvent = z.infer<typeof MilestoneEventSchema>;

/** The business rejections a carrier answers (rail keeps its own `RAIL.*` names for the same keys). */
export interface CarrierErrors {
  NoCapacity: string;
  DestinationNotServed: string;
  BookingNotFound: string;
  BookingCancelled: string;
  AlreadyDeparted: string;
}

/** The request codes and the five business rejections of a carrier answering `<SYSTEM>.*` codes. */
export function carrierErrorCodes<S extends string>(system: S) {
  return {
    ...requestErrorCodes(system),
    NoCapacity: `${system}.NO_CAPACITY`,
    DestinationNotServed: `${system}.DESTINATION_NOT_SERVED`,
    BookingNotFound: `${system}.BOOKING_NOT_FOUND`,
    BookingCancelled: `${system}.BOOKING_CANCELLED`,
    AlreadyDeparted: `${system}.ALREADY_DEPARTED`,
  } as const satisfies CarrierErrors & Record<string, string>;
}

export const CarrierErrorCode = {
  ...carrierErrorCodes('CARRIER'),
  /** A parcel over the service's per-parcel weight limit (postal/express). */
  ParcelTooHeavy: 'CARRIER.PARCEL_TOO_HEAVY',
} as const satisfies CarrierErrors & Record<string, string>;
export type CarrierErrorCode = (typeof CarrierErrorCode)[keyof typeof CarrierErrorCode];

/** A carrier for one or more corridors. `Req`/`B` let a carrier narrow the request and widen the answer. */
export interface CarrierPort<Req extends CarrierBookRequest = CarrierBookRequest, B extends CarrierBooking = CarrierBooking> {
  /** Books space for a shipment; the first leg to the supervised site starts. */
  book(req: Req, idempotencyKey: string): Promise<Booked<B>>;
  /** Tells the carrier customs released the goods, so the main leg may leave with them. */
  confirmLoading(req: ConfirmLoadingRequest, idempotencyKey: string): Promise<LoadingConfirmation>;
  /** Cancels a booking before departure and releases the space. */
  cancel(req: CancelRequest, idempotencyKey: string): Promise<Cancellation>;
}
