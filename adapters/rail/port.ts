import { z } from 'zod';
import {
  BookingNo,
  CarrierBookRequestSchema,
  carrierErrorCodes,
  MilestoneEventSchema as CarrierMilestoneEventSchema,
  MILESTONES,
  MilestoneSchema,
  type Booked,
  type Cancellation,
  type CancelRequest,
  type CarrierPort,
  type ConfirmLoadingRequest,
  type LoadingConfirmation,
} from '../carrier/port.js';
import { IsoTime } from '../kit/schemas.js';

/**
 * What the platform needs from a China–Europe Railway Express operator (中欧班列, docs/reference/domain-rules.md
 * §5.1–5.2): space on a train from the Chengdu or Chongqing hub, the first leg from Dazhou to the
 * hub's supervised site, loading once customs released the goods, and milestones to Europe.
 */
export const CorridorSchema = z.enum(['CR_EXPRESS_CHENGDU', 'CR_EXPRESS_CHONGQING']);
export type Corridor = z.infer<typeof CorridorSchema>;

export const BookRequestSchema = CarrierBookRequestSchema.omit({ via: true }).extend({ corridor: CorridorSchema });
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

export {
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  LoadingConfirmationSchema,
} from '../carrier/port.js';
export type { Cancellation, CancelRequest, ConfirmLoadingRequest, LoadingConfirmation } from '../carrier/port.js';

/** Milestones in the order they happen (the carrier MILESTONES); DEPARTED and later only after confirmLoading. */
export const RAIL_MILESTONES = MILESTONES;
export const RailMilestoneSchema = MilestoneSchema;
export type RailMilestone = z.infer<typeof RailMilestoneSchema>;

/** Asynchronous milestone notice, signed like every callback (adapters/kit/callbacks.ts): no INFO events, no `detail`. */
export const MilestoneEventSchema = CarrierMilestoneEventSchema.omit({ detail: true }).extend({ event: RailMilestoneSchema });
export type MilestoneEvent = z.infer<typeof MilestoneEventSchema>;

export const RailErrorCode = carrierErrorCodes('RAIL');
export type RailErrorCode = (typeof RailErrorCode)[keyof typeof RailErrorCode];

/** The shared carrier capability (adapters/carrier) for the China–Europe corridors. */
export interface RailPort extends CarrierPort<BookRequest, Booking> {
  /** Books container/parcel space on a China–Europe train for a shipment. */
  book(req: BookRequest, idempotencyKey: string): Promise<Booked<Booking>>;
  /** Tells the operator customs released the goods, so they are loaded on the booked train. */
  confirmLoading(req: ConfirmLoadingRequest, idempotencyKey: string): Promise<LoadingConfirmation>;
  /** Cancels a booking before departure and releases the space. */
  cancel(req: CancelRequest, idempotencyKey: string): Promise<Cancellation>;
}
