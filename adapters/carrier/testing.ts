/**
 * Test helpers for carrier simulators (test-only: imports vitest through the kit's testing.ts).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, type SimulatorFixture } from '../kit/testing.js';
import type { Delivery } from './contract.js';
import {
  CarrierErrorCode,
  MilestoneEventSchema,
  type CarrierBooking,
  type CarrierBookRequest,
  type CarrierPort,
  type MilestoneEvent,
} from './port.js';

/** The signed milestone callbacks a simulator fixture received for a reference, in arrival order. */
export function deliveriesOf(sim: SimulatorFixture<unknown>, reference: string): Delivery[] {
  return sim.received.flatMap((r) => {
    const event = MilestoneEventSchema.safeParse(r.body).data;
    return event?.reference === reference ? [{ verified: r.verified, event }] : [];
  });
}

/** The events received for a reference, once `done` holds for them (bounded polling). */
export function eventsUntil(
  sim: SimulatorFixture<unknown>,
  reference: string,
  done: (events: MilestoneEvent[]) => boolean,
  timeoutMs?: number,
): Promise<MilestoneEvent[]> {
  return eventually(() => {
    const events = deliveriesOf(sim, reference).map((d) => d.event);
    return done(events) ? events : undefined;
  }, timeoutMs);
}

/** Events until one with this `event` or `detail` name arrived. */
export const eventsUntilNamed = (sim: SimulatorFixture<unknown>, reference: string, name: string, timeoutMs?: number) =>
  eventsUntil(sim, reference, (events) => events.some((e) => e.event === name || e.detail === name), timeoutMs);

/** The common fields of a booking request from Dazhou, with a fresh reference and waybill. */
export function baseRequest(corridor: string, destinationCountry: string): Omit<CarrierBookRequest, 'via'> {
  return {
    reference: `SHP-${randomUUID().slice(0, 8)}`,
    corridor,
    origin: 'Dazhou (达州)',
    destinationCountry,
    packages: 24,
    grossWeightKg: '312.5',
    waybillNo: `DZ${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
  };
}

/** Business ms between two events' `at` times, at the fixture's time scale. */
export const businessGap = (from: MilestoneEvent, to: MilestoneEvent, timeScale: number) => (Date.parse(to.at) - Date.parse(from.at)) * timeScale;

/**
 * What every carrier simulator does beyond the contract: the `no-capacity` and `delay-departure`
 * scenarios, outages answered 503 (retryable), validation and the idempotency-key requirement.
 */
export function carrierSimulatorSuite<Req extends CarrierBookRequest>(
  name: string,
  sim: SimulatorFixture<unknown>,
  make: () => { port: CarrierPort<Req, CarrierBooking>; request(over?: Partial<Req>): Req },
  /** The simulator's time scale: the delayed departure is held about 500 real ms. */
  timeScale: number,
): void {
  describe(`${name} simulator: shared behaviour`, () => {
    const book = (req: Req) => make().port.book(req, `shipment:${req.reference}:carrier-booking`);
    const load = (bookingNo: string) => make().port.confirmLoading({ bookingNo, invtNo: '790120251000000051' }, `load:${randomUUID()}`);

    it('answers CARRIER.NO_CAPACITY under the no-capacity scenario, recording no effect', async () => {
      const req = make().request();
      await sim.control('/_control/scenarios', { key: req.reference, scenario: 'no-capacity' });
      const err = await rejection(book(req));
      expect(err).toMatchObject({ code: CarrierErrorCode.NoCapacity, retryable: false, status: 409 });
      expect(await sim.ledger(`shipment:${req.reference}:carrier-booking`)).toEqual([]);
    });

    it('holds the departure back under the delay-departure scenario', async () => {
      const [late, onTime] = [make().request(), make().request()];
      await sim.control('/_control/scenarios', { key: late.reference, scenario: 'delay-departure', params: { businessDelayMs: 500 * timeScale } });
      for (const req of [late, onTime]) await load((await book(req)).bookingNo);
      await eventsUntilNamed(sim, onTime.reference, 'ARRIVED');
      expect(deliveriesOf(sim, late.reference).map((d) => d.event.event)).not.toContain('DEPARTED');
      await eventsUntilNamed(sim, late.reference, 'DEPARTED');
    });

    it('answers 503 during an outage, which the client reports as retryable', async () => {
      const req = make().request();
      await sim.control('/_control/outage', { durationMs: 60_000 });
      try {
        expect(await rejection(book(req))).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
      } finally {
        await sim.control('/_control/outage', {}, 'DELETE');
      }
      expect((await book(req)).bookingNo).toMatch(/^[A-Z]{4}\d{12}$/);
    });

    it('validates requests and requires an idempotency key', async () => {
      const bad = await rejection(book(make().request({ packages: 0 } as Partial<Req>)));
      expect(bad).toMatchObject({ code: CarrierErrorCode.InvalidRequest, retryable: false, status: 400 });
      const wrongCorridor = await rejection(book(make().request({ corridor: 'CR_EXPRESS_CHENGDU' } as Partial<Req>)));
      expect(wrongCorridor).toMatchObject({ code: CarrierErrorCode.InvalidRequest, status: 400 });
      const res = await fetch(`${sim.baseUrl}/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(make().request()) });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: CarrierErrorCode.IdempotencyKeyRequired });
    });
  });
}

/** The first event with this `detail` name (fails the test if there is none). */
export function eventNamed(events: MilestoneEvent[], detail: string): MilestoneEvent {
  const found = events.find((e) => e.detail === detail);
  if (!found) throw new Error(`no ${detail} event among ${events.map((e) => e.detail).join(', ')}`);
  return found;
}
