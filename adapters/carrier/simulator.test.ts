import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DAY, HOUR } from '../../domain/time.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { createCarrierClient, routeTransport } from './client.js';
import { CarrierBookRequestSchema, CarrierErrorCode, RouteBookingSchema, type CarrierBookRequest, type CarrierPort, type RouteBooking } from './port.js';
import { createCarrierSimulator, destinationFor } from './simulator.js';
import { baseRequest, businessGap, deliveriesOf, eventNamed, eventsUntilNamed } from './testing.js';

/** The shared engine with a toy corridor: one INFO, one hold. */
const TIME_SCALE = 3_600_000; // a business hour lasts about 1 ms
const sim = useSimulator(
  (callback) =>
    createCarrierSimulator({ timeScale: TIME_SCALE, callback }, {
      system: 'toy',
      prefix: 'TOYC',
      requestSchema: CarrierBookRequestSchema.extend({ corridor: z.literal('TOY') }),
      departureAfterBookingMs: 1 * HOUR,
      plan(req) {
        const dest = destinationFor([{ customs: '304', iso: 'DE' }], req.destinationCountry, 'toy');
        return {
          booking: { corridor: 'TOY', via: 'X', site: 'site', exitPort: 'border', destination: dest.iso, service: 'toy' },
          toSite: [
            { event: 'PICKED_UP', detail: 'PICKED_UP', location: req.origin, afterMs: 1 * HOUR },
            { event: 'ARRIVED_AT_SITE', detail: 'AT_SITE', location: 'site', afterMs: 20 * HOUR },
          ],
          mainLeg: [
            { event: 'DEPARTED', detail: 'LEFT', location: 'site', afterMs: 0 },
            { event: 'INFO', detail: 'HALFWAY', location: 'middle', afterMs: 10 * HOUR },
            { event: 'BORDER_CROSSED', detail: 'OUT', location: 'border', afterMs: 10 * HOUR, hold: { scenario: 'hold', detail: 'HELD', minMs: DAY, maxMs: DAY } },
            { event: 'ARRIVED', detail: 'IN', location: 'DE', afterMs: 10 * HOUR },
          ],
        };
      },
    }),
  { secret: 'toy-secret', path: '/callbacks/toy' },
);
let port: CarrierPort<CarrierBookRequest, RouteBooking>;
beforeAll(() => {
  port = createCarrierClient('toy', RouteBookingSchema, routeTransport, { baseUrl: sim.baseUrl });
});
const request = () => baseRequest('TOY', '304');
const key = (req: CarrierBookRequest, what: string) => `shipment:${req.reference}:${what}`;

describe('carrier simulator engine', () => {
  it('departs only once the goods are at the site and loaded, even when loading is confirmed early', async () => {
    const req = request();
    const before = Date.now();
    const booking = await port.book(req, key(req, 'book'));
    // plannedDeparture: the first leg (21 h) plus loading (6 h) after booking, not the 1 h asked for
    expect((Date.parse(booking.plannedDeparture) - before) * TIME_SCALE).toBeGreaterThanOrEqual(26 * HOUR);
    expect(Date.parse(booking.plannedArrival)).toBeGreaterThan(Date.parse(booking.plannedDeparture));
    // the common booking the platform uses: the route's service and site, the carrier's own numbers
    expect(booking.transport).toEqual({ bookingNo: booking.bookingNo, conveyanceRef: 'toy', hub: 'site', plannedDeparture: booking.plannedDeparture });
    await port.confirmLoading({ bookingNo: booking.bookingNo, invtNo: '1' }, key(req, 'load'));
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => e.detail)).toEqual(['PICKED_UP', 'AT_SITE', 'LEFT', 'HALFWAY', 'OUT', 'IN']);
    expect(businessGap(eventNamed(events, 'AT_SITE'), eventNamed(events, 'LEFT'), TIME_SCALE)).toBeGreaterThanOrEqual(5 * HOUR);
  });

  it('holds a step by the scenario’s businessDelayMs, announcing the hold as INFO', async () => {
    const req = request();
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'hold', params: { businessDelayMs: 48 * HOUR } });
    const { bookingNo } = await port.book(req, key(req, 'book'));
    await port.confirmLoading({ bookingNo, invtNo: '1' }, key(req, 'load'));
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => e.detail)).toEqual(['PICKED_UP', 'AT_SITE', 'LEFT', 'HALFWAY', 'HELD', 'OUT', 'IN']);
    expect(eventNamed(events, 'HELD')).toMatchObject({ event: 'INFO', location: 'border' });
    const held = businessGap(eventNamed(events, 'HELD'), eventNamed(events, 'OUT'), TIME_SCALE);
    expect(held).toBeGreaterThanOrEqual(47 * HOUR);
    expect(held).toBeLessThanOrEqual(49 * HOUR);
  });

  it('holds milestones by event name until released, then sends them at once and in order', async () => {
    const req = request();
    await sim.control('/_control/milestones', { hold: ['BORDER_CROSSED'] });
    try {
      const { bookingNo } = await port.book(req, key(req, 'book'));
      await port.confirmLoading({ bookingNo, invtNo: '1' }, key(req, 'load'));
      await eventsUntilNamed(sim, req.reference, 'HALFWAY');
      await new Promise((r) => setTimeout(r, 100)); // the border crossing and the arrival are due by now
      expect(deliveriesOf(sim, req.reference).map((d) => d.event.detail)).toEqual(['PICKED_UP', 'AT_SITE', 'LEFT', 'HALFWAY']);
    } finally {
      await sim.control('/_control/milestones', { hold: [] });
    }
    const events = await eventsUntilNamed(sim, req.reference, 'ARRIVED');
    expect(events.map((e) => e.detail)).toEqual(['PICKED_UP', 'AT_SITE', 'LEFT', 'HALFWAY', 'OUT', 'IN']);
  });

  it('reports a lost consignment’s departure and nothing after it', async () => {
    const [lost, other] = [request(), request()];
    await sim.control('/_control/scenarios', { key: lost.reference, scenario: 'lost', params: {} });
    for (const req of [lost, other]) {
      const { bookingNo } = await port.book(req, key(req, 'book'));
      await port.confirmLoading({ bookingNo, invtNo: '1' }, key(req, 'load'));
    }
    await eventsUntilNamed(sim, other.reference, 'ARRIVED'); // booked and loaded together: the lost one's arrival was due by now
    expect(deliveriesOf(sim, lost.reference).map((d) => d.event.detail)).toEqual(['PICKED_UP', 'AT_SITE', 'LEFT']);
  });

  it('stops reporting a cancelled booking and forgets bookings on reset', async () => {
    const [cancelled, other] = [request(), request()];
    const { bookingNo } = await port.book(cancelled, key(cancelled, 'book'));
    await eventsUntilNamed(sim, cancelled.reference, 'ARRIVED_AT_SITE');
    await port.cancel({ bookingNo, reason: 'test' }, key(cancelled, 'cancel'));
    const b = await port.book(other, key(other, 'book'));
    await port.confirmLoading({ bookingNo: b.bookingNo, invtNo: '1' }, key(other, 'load'));
    await eventsUntilNamed(sim, other.reference, 'ARRIVED');
    expect(deliveriesOf(sim, cancelled.reference).map((d) => d.event.event)).toEqual(['PICKED_UP', 'ARRIVED_AT_SITE']);
    await sim.control('/_control/reset', {});
    const gone = await rejection(port.cancel({ bookingNo: b.bookingNo, reason: 'test' }, key(other, 'cancel')));
    expect(gone).toMatchObject({ code: CarrierErrorCode.BookingNotFound, status: 404 });
  });
});
