import { z } from 'zod';
import type { CarrierPort } from '../carrier/port.js';
import { requestErrorCodes } from '../kit/errors.js';
import { decimalString, InvtNo, IsoTime, positive, Reference } from '../kit/schemas.js';

/**
 * What the platform needs from a China–Europe Railway Express operator (中欧班列, domain-rules
 * §5.1–5.2): space on a train from the Chengdu or Chongqing hub, the first leg from Dazhou to the
 * hub's supervised site, loading once customs released the goods, and milestones to Europe.
 */
export const CorridorSchema = z.enum(['CR_EXPRESS_CHENGDU', 'CR_EXPRESS_CHONGQING']);
export type Corridor = z.infer<typeof CorridorSchema>;

const BookingNo = z.string().regex(/^[A-Z0-9-]{6,32}$/, '6-32 upper-case letters, digits or -');

export const BookRequestSchema = z.object({
  /** The platform's business reference (shipment id), echoed in every milestone. */
  reference: Reference,
  corridor: CorridorSchema,
  /** Where the first leg picks the goods up, e.g. "Dazhou (达州)". */
  origin: z.string().trim().min(1).max(100),
  /** Customs country code (JGS-20, e.g. 304) or ISO 3166 alpha-2 (e.g. DE). */
  destinationCountry: z.string().regex(/^(\d{3}|[A-Z]{2})$/, 'a 3-digit customs country code or ISO alpha-2 code'),
  packages: z.number().int().min(1).max(100_000),
  grossWeightKg: positive(decimalString(9, 5, 'a decimal string')),
  waybillNo: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, '1-32 letters, digits or -'),
});
export type BookRequest = z.infer<typeof BookRequestSchema>;

export const BookingSchema = z.object({
  bookingNo: BookingNo,
  trainNo: z.string().min(1),
  /** The hub's CBEC supervised site where the first leg ends. */
  hub: z.string().min(1),
  /** Exit border port: exit clearance and gauge change. */
  borderPort: z.string().min(1),
  destinationTerminal: z.string().min(1),
  plannedDeparture: IsoTime,
});
export type Booking = z.infer<typeof BookingSchema>;

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

/** Milestones in the order they happen; DEPARTED and later only after confirmLoading. */
export const RAIL_MILESTONES = ['PICKED_UP', 'ARRIVED_AT_SITE', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED'] as const;
export const RailMilestoneSchema = z.enum(RAIL_MILESTONES);
export type RailMilestone = z.infer<typeof RailMilestoneSchema>;

/** Asynchronous milestone notice, signed like every callback (adapters/kit/callbacks.ts). */
export const MilestoneEventSchema = z.object({
  eventId: z.string().min(1),
  reference: z.string().min(1),
  bookingNo: BookingNo,
  event: RailMilestoneSchema,
  location: z.string().min(1),
  at: IsoTime,
});
export type MilestoneEvent = z.infer<typeof MilestoneEventSchema>;

export const RailErrorCode = {
  ...requestErrorCodes('RAIL'),
  NoCapacity: 'RAIL.NO_CAPACITY',
  DestinationNotServed: 'RAIL.DESTINATION_NOT_SERVED',
  BookingNotFound: 'RAIL.BOOKING_NOT_FOUND',
  BookingCancelled: 'RAIL.BOOKING_CANCELLED',
  AlreadyDeparted: 'RAIL.ALREADY_DEPARTED',
} as const;
export type RailErrorCode = (typeof RailErrorCode)[keyof typeof RailErrorCode];

/** The shared carrier capability (adapters/carrier) for the China–Europe corridors. */
export interface RailPort extends CarrierPort<BookRequest, Booking> {
  /** Books container/parcel space on a China–Europe train for a shipment. */
  book(req: BookRequest, idempotencyKey: string): Promise<Booking>;
  /** Tells the operator customs released the goods, so they are loaded on the booked train. */
  confirmLoading(req: ConfirmLoadingRequest, idempotencyKey: string): Promise<LoadingConfirmation>;
  /** Cancels a booking before departure and releases the space. */
  cancel(req: CancelRequest, idempotencyKey: string): Promise<Cancellation>;
}
