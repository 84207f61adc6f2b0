import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, eventually, rejection, type ContractHarness } from '../kit/testing.js';
import { TransportBookingSchema } from '../carrier/port.js';
import { RAIL_MILESTONES, RailErrorCode, type BookRequest, type MilestoneEvent, type RailMilestone, type RailPort } from './port.js';

export interface RailContractHarness extends ContractHarness<RailPort> {
  /** Milestone notices received so far for a reference, in arrival order. */
  milestones(reference: string): Promise<MilestoneEvent[]>;
}

export function bookRequest(over: Partial<BookRequest> = {}): BookRequest {
  return {
    reference: `SHP-${randomUUID().slice(0, 8)}`,
    corridor: 'CR_EXPRESS_CHENGDU',
    origin: 'Dazhou (达州)',
    destinationCountry: '327',
    packages: 24,
    grossWeightKg: '312.5',
    waybillNo: `DZ${randomUUID().slice(0, 10).replace('-', '')}`,
    ...over,
  };
}

/**
 * What every implementation of RailPort must do (simulator on every test run; a real operator
 * via scripts, with `timeoutMs` sized to its real transit times).
 */
export function railContractSuite(makePort: () => Promise<RailContractHarness>, opts: { timeoutMs?: number } = {}): void {
  describeContract('RailPort contract', makePort, (h) => {
    /** The milestones received for a reference, once one of them is `milestone`. */
    const until = (reference: string, milestone: RailMilestone) =>
      eventually(async () => {
        const events = await h.milestones(reference);
        return events.some((m) => m.event === milestone) ? events : undefined;
      }, opts.timeoutMs);
    const book = (req: BookRequest) => h.port.book(req, `shipment:${req.reference}:rail-booking`);

    it('books space once per idempotency key', async () => {
      const req = bookRequest();
      const key = `shipment:${req.reference}:rail-booking`;
      const booking = await h.port.book(req, key);
      expect(booking.bookingNo).not.toBe('');
      expect(Number.isNaN(Date.parse(booking.plannedDeparture))).toBe(false);
      // the common booking the platform uses, mapped by the client from the operator's answer
      expect(TransportBookingSchema.parse(booking.transport)).toMatchObject({ bookingNo: booking.bookingNo, plannedDeparture: booking.plannedDeparture });
      expect(await h.port.book(req, key)).toEqual(booking);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'book', requests: 2 })]);
    });

    it('brings goods to the hub, and departs only after loading is confirmed, milestones in order', async () => {
      const [waiting, loaded] = [bookRequest(), bookRequest()];
      await book(waiting);
      const booking = await book(loaded);
      await until(waiting.reference, 'ARRIVED_AT_SITE');
      await until(loaded.reference, 'ARRIVED_AT_SITE');
      const confirm = { bookingNo: booking.bookingNo, invtNo: '790120251000000042' };
      const key = `shipment:${loaded.reference}:rail-loading`;
      expect(await h.port.confirmLoading(confirm, key)).toEqual({ bookingNo: booking.bookingNo, loadingConfirmed: true });
      await h.port.confirmLoading(confirm, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ requests: 2 })]);
      const events = await until(loaded.reference, 'ARRIVED');
      expect(events.map((e) => e.event)).toEqual([...RAIL_MILESTONES]);
      expect(events.map((e) => e.location)).toEqual([loaded.origin, booking.hub, booking.hub, booking.borderPort, booking.destinationTerminal]);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
      expect(events.every((e) => e.bookingNo === booking.bookingNo)).toBe(true);
      // a whole journey later, the unconfirmed booking is still waiting at the hub
      expect((await h.milestones(waiting.reference)).map((e) => e.event)).toEqual(['PICKED_UP', 'ARRIVED_AT_SITE']);
    });

    it('cancels before departure, after which loading is refused', async () => {
      const req = bookRequest({ corridor: 'CR_EXPRESS_CHONGQING', destinationCountry: '304' });
      const { bookingNo } = await book(req);
      const key = `shipment:${req.reference}:rail-cancel`;
      expect(await h.port.cancel({ bookingNo, reason: 'order cancelled by buyer' }, key)).toEqual({ bookingNo, cancelled: true });
      await h.port.cancel({ bookingNo, reason: 'order cancelled by buyer' }, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'cancel', requests: 2 })]);
      const err = await rejection(h.port.confirmLoading({ bookingNo, invtNo: '790120251000000043' }, `load:${randomUUID()}`));
      expect(err).toMatchObject({ code: RailErrorCode.BookingCancelled, retryable: false });
    });

    it('refuses to cancel once the train has left', async () => {
      const req = bookRequest();
      const { bookingNo } = await book(req);
      await h.port.confirmLoading({ bookingNo, invtNo: '790120251000000044' }, `shipment:${req.reference}:rail-loading`);
      await until(req.reference, 'DEPARTED');
      const err = await rejection(h.port.cancel({ bookingNo, reason: 'too late' }, `shipment:${req.reference}:rail-cancel`));
      expect(err).toMatchObject({ code: RailErrorCode.AlreadyDeparted, retryable: false });
    });

    it('answers BOOKING_NOT_FOUND for an unknown booking and refuses destinations it does not serve', async () => {
      const unknown = await rejection(h.port.cancel({ bookingNo: 'CRXX000000000000', reason: 'test' }, `cancel:${randomUUID()}`));
      expect(unknown).toMatchObject({ code: RailErrorCode.BookingNotFound, retryable: false });
      const loading = await rejection(h.port.confirmLoading({ bookingNo: 'CRXX000000000000', invtNo: '1' }, `load:${randomUUID()}`));
      expect(loading).toMatchObject({ code: RailErrorCode.BookingNotFound, retryable: false });
      const usa = await rejection(book(bookRequest({ destinationCountry: '502' })));
      expect(usa).toMatchObject({ code: RailErrorCode.DestinationNotServed, retryable: false });
    });
  });
}
