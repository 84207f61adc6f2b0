import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, eventually, rejection, type ContractHarness } from '../kit/testing.js';
import {
  CarrierErrorCode,
  MILESTONES,
  TransportBookingSchema,
  type CarrierBooking,
  type CarrierBookRequest,
  type CarrierErrors,
  type CarrierPort,
  type Milestone,
  type MilestoneEvent,
} from './port.js';

/** One milestone callback as the platform received it. */
export interface Delivery {
  verified: boolean;
  event: MilestoneEvent;
}

export interface CarrierContractHarness<Req extends CarrierBookRequest, B extends CarrierBooking> extends ContractHarness<CarrierPort<Req, B>> {
  /** A valid booking request with a fresh reference (and waybill/parcel numbers). */
  request(over?: Partial<Req>): Req;
  /** A destination country the carrier does not serve. */
  unservedDestination: string;
  /** Callbacks received so far for a reference, in arrival order. */
  deliveries(reference: string): Promise<Delivery[]>;
  /** Where each of the five milestones must happen for this booking, in MILESTONES order. */
  locations?(req: Req, booking: B): string[];
  /** The carrier's rejection codes (default CARRIER.*; rail answers RAIL.*). */
  errors?: CarrierErrors;
}

/** The five milestones of a list of events, INFO events left out. */
export const milestonesOnly = (events: MilestoneEvent[]) => events.filter((e) => e.event !== 'INFO');

/**
 * What every CarrierPort must do (simulators on every test run; a real carrier via scripts, with
 * `timeoutMs` sized to its real transit times): idempotent booking, loading and cancellation,
 * milestones in order with DEPARTED and later only after confirmLoading, cancellation only
 * before departure, unknown bookings and unserved destinations refused, callbacks signed.
 */
export function carrierContractSuite<Req extends CarrierBookRequest, B extends CarrierBooking>(
  name: string,
  makeHarness: () => Promise<CarrierContractHarness<Req, B>>,
  opts: { timeoutMs?: number } = {},
): void {
  describeContract(`${name}: CarrierPort contract`, makeHarness, (h) => {
    const errors = () => h.errors ?? CarrierErrorCode;
    const events = async (reference: string) => (await h.deliveries(reference)).map((d) => d.event);
    /** The events received for a reference, once one of them is `milestone`. */
    const until = (reference: string, milestone: Milestone) =>
      eventually(async () => {
        const received = await events(reference);
        return received.some((m) => m.event === milestone) ? received : undefined;
      }, opts.timeoutMs);
    const book = (req: Req) => h.port.book(req, `shipment:${req.reference}:carrier-booking`);
    const invtNo = () => `7901${String(Date.now()).slice(-10)}${Math.floor(Math.random() * 1e4)}`.slice(0, 18);

    it('books space once per idempotency key', async () => {
      const req = h.request();
      const key = `shipment:${req.reference}:carrier-booking`;
      const booking = await h.port.book(req, key);
      expect(booking.bookingNo).not.toBe('');
      expect(Number.isNaN(Date.parse(booking.plannedDeparture))).toBe(false);
      // the common booking the platform uses, mapped by the carrier's client from its own answer
      expect(TransportBookingSchema.parse(booking.transport)).toMatchObject({ bookingNo: booking.bookingNo, plannedDeparture: booking.plannedDeparture });
      expect(await h.port.book(req, key)).toEqual(booking);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'book', requests: 2 })]);
    });

    it('brings goods to the supervised site and departs only after loading is confirmed, milestones in order and signed', async () => {
      const [waiting, loaded] = [h.request(), h.request()];
      await book(waiting);
      const booking = await book(loaded);
      await until(waiting.reference, 'ARRIVED_AT_SITE');
      await until(loaded.reference, 'ARRIVED_AT_SITE');
      const confirm = { bookingNo: booking.bookingNo, invtNo: invtNo() };
      const key = `shipment:${loaded.reference}:carrier-loading`;
      expect(await h.port.confirmLoading(confirm, key)).toEqual({ bookingNo: booking.bookingNo, loadingConfirmed: true });
      await h.port.confirmLoading(confirm, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'confirmLoading', requests: 2 })]);
      const received = await until(loaded.reference, 'ARRIVED');
      const milestones = milestonesOnly(received);
      expect(milestones.map((e) => e.event)).toEqual([...MILESTONES]);
      if (h.locations) expect(milestones.map((e) => e.location)).toEqual(h.locations(loaded, booking));
      expect(new Set(received.map((e) => e.eventId)).size).toBe(received.length);
      expect(received.every((e) => e.bookingNo === booking.bookingNo)).toBe(true);
      expect(received.map((e) => Date.parse(e.at))).toEqual(received.map((e) => Date.parse(e.at)).sort((a, b) => a - b));
      expect((await h.deliveries(loaded.reference)).every((d) => d.verified)).toBe(true);
      // a whole journey later, the unconfirmed booking is still waiting at the site
      expect(milestonesOnly(await events(waiting.reference)).map((e) => e.event)).toEqual(['PICKED_UP', 'ARRIVED_AT_SITE']);
    });

    it('cancels before departure, after which loading is refused', async () => {
      const req = h.request();
      const { bookingNo } = await book(req);
      const key = `shipment:${req.reference}:carrier-cancel`;
      expect(await h.port.cancel({ bookingNo, reason: 'order cancelled by buyer' }, key)).toEqual({ bookingNo, cancelled: true });
      await h.port.cancel({ bookingNo, reason: 'order cancelled by buyer' }, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'cancel', requests: 2 })]);
      const err = await rejection(h.port.confirmLoading({ bookingNo, invtNo: invtNo() }, `load:${randomUUID()}`));
      expect(err).toMatchObject({ code: errors().BookingCancelled, retryable: false });
    });

    it('refuses to cancel once the main leg has left', async () => {
      const req = h.request();
      const { bookingNo } = await book(req);
      await h.port.confirmLoading({ bookingNo, invtNo: invtNo() }, `shipment:${req.reference}:carrier-loading`);
      await until(req.reference, 'DEPARTED');
      const err = await rejection(h.port.cancel({ bookingNo, reason: 'too late' }, `shipment:${req.reference}:carrier-cancel`));
      expect(err).toMatchObject({ code: errors().AlreadyDeparted, retryable: false });
    });

    it('answers BOOKING_NOT_FOUND for an unknown booking and refuses destinations it does not serve', async () => {
      const unknown = await rejection(h.port.cancel({ bookingNo: 'XX0000000000000', reason: 'test' }, `cancel:${randomUUID()}`));
      expect(unknown).toMatchObject({ code: errors().BookingNotFound, retryable: false });
      const loading = await rejection(h.port.confirmLoading({ bookingNo: 'XX0000000000000', invtNo: '1' }, `load:${randomUUID()}`));
      expect(loading).toMatchObject({ code: errors().BookingNotFound, retryable: false });
      const unserved = await rejection(book(h.request({ destinationCountry: h.unservedDestination } as Partial<Req>)));
      expect(unserved).toMatchObject({ code: errors().DestinationNotServed, retryable: false });
    });
  });
}
