import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { chinaDate, DAY, HOUR, scaled } from '../../domain/time.js';
import { effectHandlers, Rejection } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  CancelRequestSchema,
  CarrierErrorCode as E,
  ConfirmLoadingRequestSchema,
  type CarrierBookRequest,
  type CarrierEvent,
  type MilestoneEvent,
} from './port.js';

/** A scenario that holds a step: an INFO `detail` when the step was due, the step itself later. */
export interface Hold {
  scenario: string;
  detail: string;
  /** Business delay drawn in [minMs, maxMs] unless the scenario's `businessDelayMs` param says. */
  minMs: number;
  maxMs: number;
}

/** One event of a journey. */
export interface Step {
  event: CarrierEvent;
  /** The corridor-specific event name. */
  detail: string;
  location: string;
  /** Business ms after the previous step of the same phase (or the phase start). */
  afterMs: number;
  hold?: Hold;
}

/** A booking's journey, as a carrier's simulator plans it from the request. */
export interface CarrierPlan {
  /** Route fields of the booking answer (via, site, exitPort, destination, service…). */
  booking: Record<string, unknown>;
  /** From booking: PICKED_UP … ARRIVED_AT_SITE (and INFO between). */
  toSite: Step[];
  /** From departure: DEPARTED (afterMs 0) … ARRIVED, only after loading confirmation. */
  mainLeg: Step[];
}

export interface CarrierSimulatorSpec<Req extends CarrierBookRequest> {
  system: string;
  /** Booking number prefix (upper-case letters), e.g. RWYZ. */
  prefix: string;
  requestSchema: z.ZodType<Req>;
  /** Plans the journey, or throws a Rejection (destination not served, parcel too heavy…). */
  plan(req: Req): CarrierPlan;
  /** The next departure with space leaves this long after booking (default 2 d). */
  departureAfterBookingMs?: number;
  /** Loading takes at least this long after confirmation (default 6 h). */
  loadingMs?: number;
}

export interface CarrierSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
}

interface Due {
  event: CarrierEvent;
  detail: string;
  location: string;
  /** Real epoch ms the event happens. */
  at: number;
}

interface BookingState {
  bookingNo: string;
  reference: string;
  plan: CarrierPlan;
  siteReadyAt: number;
  plannedDepartureAt: number;
  loadingConfirmed: boolean;
  departed: boolean;
  cancelled: boolean;
  sequence: Due[];
  reached: boolean[];
  sent: number;
  chain: Promise<unknown>;
}

const total = (steps: Step[]) => steps.reduce((sum, s) => sum + s.afterMs, 0);

/**
 * The simulator's bookings by number, emptied on `/_control/reset`; `find` answers 404 `notFound`
 * for an unknown number.
 */
export function bookingStore<B>(sim: Simulator, notFound: string) {
  const bookings = new Map<string, B>();
  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') bookings.clear();
  });
  function find(bookingNo: string): B {
    const b = bookings.get(bookingNo);
    if (!b) throw new Rejection(404, notFound, `no booking ${bookingNo}`);
    return b;
  }
  return { bookings, find };
}

/**
 * The carrier booking API (adapters/carrier/README.md) on the kit's simulator: the routes,
 * idempotency, scenarios `no-capacity`, `delay-departure` and `lost` and per-step holds, and milestone
 * callbacks sent strictly in order. Each carrier adds only its data and `plan`.
 */
export function createCarrierSimulator<Req extends CarrierBookRequest>(opts: CarrierSimulatorOptions, spec: CarrierSimulatorSpec<Req>): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? spec.system });
  const { bookings, find } = bookingStore<BookingState>(sim, E.BookingNotFound);
  const effect = effectHandlers(sim, { ...E, withParams: true });
  const loadingMs = spec.loadingMs ?? 6 * HOUR;
  const real = (businessMs: number, floor = 1) => scaled(businessMs, opts.timeScale, floor);
  let serial = 0;

  function holdFor(reference: string, hold: Hold | undefined): number {
    const scenario = sim.scenario(reference);
    if (!hold || scenario?.name !== hold.scenario) return 0;
    const ms = scenario.params.businessDelayMs;
    return typeof ms === 'number' ? ms : hold.minMs + Math.random() * (hold.maxMs - hold.minMs);
  }

  /** Schedules `steps` starting `startMs` business ms from now; holds insert their INFO event. */
  function schedule(b: BookingState, steps: Step[], startMs: number) {
    const now = Date.now();
    let cum = startMs;
    const push = ({ event, detail, location }: Omit<Due, 'at'>) => {
      const index = b.sequence.push({ event, detail, location, at: now + real(cum) }) - 1;
      sim.later(cum, () => reach(b, index));
    };
    for (const step of steps) {
      cum += step.afterMs;
      const held = holdFor(b.reference, step.hold);
      if (step.hold && held > 0) {
        push({ event: 'INFO', detail: step.hold.detail, location: step.location });
        cum += held;
      }
      push(step);
    }
  }

  /** Milestones held back by `POST /_control/milestones` (benchmarks: many shipments waiting, then a burst). */
  const held = new Set<string>();

  /** Marks an event reached and sends every event that is due, strictly in order. */
  function reach(b: BookingState, index: number) {
    if (b.cancelled || bookings.get(b.bookingNo) !== b) return;
    if (b.sequence[index]?.event === 'DEPARTED') b.departed = true;
    b.reached[index] = true;
    flush(b);
  }

  function flush(b: BookingState) {
    for (let due = b.sequence[b.sent]; due && b.reached[b.sent] && !held.has(due.event); due = b.sequence[b.sent]) {
      const event: MilestoneEvent = {
        eventId: `evt_${randomUUID()}`, reference: b.reference, bookingNo: b.bookingNo,
        event: due.event, location: due.location, at: new Date(due.at).toISOString(), detail: due.detail,
      };
      b.sent += 1;
      b.chain = b.chain.then(() => sim.sendCallback(JSON.stringify(event), 'application/json')).catch(() => undefined);
    }
  }

  // `{ "hold": ["BORDER_CROSSED"] }` holds those milestones (and every later one of a booking, as
  // they go out in order); `{ "hold": [] }` releases them: everything due is sent at once.
  sim.app.post('/_control/milestones', async (req, reply) => {
    const hold = (req.body as { hold?: unknown } | undefined)?.hold;
    if (!Array.isArray(hold) || !hold.every((e) => typeof e === 'string')) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'hold must be an array of event names' });
    held.clear();
    for (const e of hold) held.add(e);
    if (!held.size) for (const b of bookings.values()) if (!b.cancelled) flush(b);
    return { hold: [...held] };
  });

  sim.app.post('/v1/bookings', effect('book', spec.requestSchema, 201, (req) => {
    const plan = spec.plan(req);
    if (sim.scenario(req.reference)?.name === 'no-capacity') {
      throw new Rejection(409, E.NoCapacity, `no space left on ${req.corridor} in the booking window`);
    }
    const now = Date.now();
    const toSiteMs = total(plan.toSite);
    const plannedDepartureAt = now + real(Math.max(spec.departureAfterBookingMs ?? 2 * DAY, toSiteMs + loadingMs), 0);
    const b: BookingState = {
      bookingNo: `${spec.prefix}${chinaDate(now).replaceAll('-', '')}${String(++serial).padStart(4, '0')}`,
      reference: req.reference, plan, siteReadyAt: now + real(toSiteMs), plannedDepartureAt,
      loadingConfirmed: false, departed: false, cancelled: false, sequence: [], reached: [], sent: 0, chain: Promise.resolve(),
    };
    bookings.set(b.bookingNo, b);
    schedule(b, plan.toSite, 0);
    return {
      bookingNo: b.bookingNo, reference: req.reference, corridor: req.corridor, status: 'BOOKED', ...plan.booking,
      plannedDeparture: new Date(plannedDepartureAt).toISOString(),
      plannedArrival: new Date(plannedDepartureAt + real(total(plan.mainLeg), 0)).toISOString(),
      bookedAt: new Date(now).toISOString(),
    };
  }));

  sim.app.post('/v1/bookings/:bookingNo/loading-confirmation', effect('confirmLoading', ConfirmLoadingRequestSchema, 200, (req) => {
    const b = find(req.bookingNo);
    if (b.cancelled) throw new Rejection(409, E.BookingCancelled, `booking ${b.bookingNo} was cancelled`);
    if (!b.loadingConfirmed) {
      b.loadingConfirmed = true;
      const now = Date.now();
      const scenario = sim.scenario(b.reference);
      const delay = scenario?.name === 'delay-departure' && typeof scenario.params.businessDelayMs === 'number' ? scenario.params.businessDelayMs : 0;
      const departAt = Math.max(b.plannedDepartureAt, b.siteReadyAt + real(loadingMs), now + real(loadingMs));
      // `lost`: the consignment departs and is never heard of again (no border crossing, no arrival)
      const mainLeg = scenario?.name === 'lost' ? b.plan.mainLeg.filter((s) => s.event === 'DEPARTED') : b.plan.mainLeg;
      schedule(b, mainLeg, (departAt - now) * opts.timeScale + delay);
    }
    return { bookingNo: b.bookingNo, loadingConfirmed: true, invtNo: req.invtNo, confirmedAt: new Date().toISOString() };
  }));

  sim.app.post('/v1/bookings/:bookingNo/cancellation', effect('cancel', CancelRequestSchema, 200, (req) => {
    const b = find(req.bookingNo);
    if (b.departed) throw new Rejection(409, E.AlreadyDeparted, `booking ${b.bookingNo} already departed`);
    b.cancelled = true;
    return { bookingNo: b.bookingNo, cancelled: true, reason: req.reason, cancelledAt: new Date().toISOString() };
  }));

  return sim;
}

/** A destination a carrier serves, by customs country code (JGS-20) and ISO alpha-2. */
export interface Served {
  customs: string;
  iso: string;
}

/** The served destination for a customs or ISO country code, or DESTINATION_NOT_SERVED. */
export function destinationFor<T extends Served>(table: readonly T[], country: string, what: string): T {
  const found = table.find((d) => d.customs === country || d.iso === country);
  if (!found) throw new Rejection(422, E.DestinationNotServed, `no ${what} service to ${country}`);
  return found;
}

/** Pick-up at the origin after booking (every carrier: 2 business hours). */
export const PICKUP_MS = 2 * HOUR;

/** The first leg: PICKED_UP at the origin, then ARRIVED_AT_SITE as `arrival` says. */
export function toSite(origin: string, arrival: Omit<Step, 'event'>, pickedUp = 'PICKED_UP'): Step[] {
  return [
    { event: 'PICKED_UP', detail: pickedUp, location: origin, afterMs: PICKUP_MS },
    { event: 'ARRIVED_AT_SITE', ...arrival },
  ];
}

/** The leg of a route-based carrier's booking: served destination, route code and its table entry. */
export interface RouteLeg<D extends Served, V extends string, R> {
  dest: D;
  via: V;
  route: R;
}

/** The route codes of a request (its `via`). */
export type ViaOf<Req extends CarrierBookRequest> = NonNullable<Req['via']>;

/** A route-based carrier: destination table, route table keyed by the request's `via` codes. */
export interface RouteSimulatorSpec<Req extends CarrierBookRequest, D extends Served, R> extends Omit<CarrierSimulatorSpec<Req>, 'plan'> {
  /** Served destinations; any other country is DESTINATION_NOT_SERVED "no `what` service to …". */
  destinations: readonly D[];
  what: string;
  routes: Record<ViaOf<Req>, R>;
  /** The route when the request names none. */
  defaultVia(dest: D): ViaOf<Req>;
  /** The journey; `booking` gets `via` first, the request's corridor is in every answer anyway. */
  plan(req: Req, leg: RouteLeg<D, ViaOf<Req>, R>): CarrierPlan;
}

/** createCarrierSimulator for a route-based carrier: looks up destination and route, then plans. */
export function createRouteSimulator<Req extends CarrierBookRequest, D extends Served, R>(
  opts: CarrierSimulatorOptions,
  spec: RouteSimulatorSpec<Req, D, R>,
): Simulator {
  return createCarrierSimulator(opts, {
    ...spec,
    plan(req) {
      const dest = destinationFor(spec.destinations, req.destinationCountry, spec.what);
      const via: ViaOf<Req> = req.via ?? spec.defaultVia(dest);
      const plan = spec.plan(req, { dest, via, route: spec.routes[via] });
      return { ...plan, booking: { via, ...plan.booking } };
    },
  });
}
