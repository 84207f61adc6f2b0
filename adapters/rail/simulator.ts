import { randomUUID } from 'node:crypto';
import { chinaDate, DAY, HOUR, scaled } from '../../domain/time.js';
import { bookingStore, PICKUP_MS } from '../carrier/simulator.js';
import { effectHandlers, Rejection } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  BookRequestSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  RAIL_MILESTONES,
  RailErrorCode as E,
  type Corridor,
  type MilestoneEvent,
  type RailMilestone,
} from './port.js';

export interface RailSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
}

interface Hub { code: string; hub: string; borderPort: string; firstLegMs: number; hubToBorderMs: number; extraDays: number; trainBase: number }
/**
 * §5.1: Dazhou → Chengdu ≈ 12 h by rail (Dazhou → Chongqing has no figure; 10 h assumed, it is
 * nearer); Chongqing is the longer route to Europe (16 d to Duisburg vs 12 d Chengdu → Łódź).
 */
export const HUBS: Record<Corridor, Hub> = {
  CR_EXPRESS_CHENGDU: {
    code: 'CD', hub: 'Chengdu Qingbaijiang (青白江) CBEC supervised site', borderPort: 'Alashankou (阿拉山口)',
    firstLegMs: 12 * HOUR, hubToBorderMs: 4 * DAY, extraDays: 0, trainBase: 8000,
  },
  CR_EXPRESS_CHONGQING: {
    code: 'CQ', hub: 'Chongqing Tuanjiecun (团结村) CBEC supervised site', borderPort: 'Khorgos (霍尔果斯)',
    firstLegMs: 10 * HOUR, hubToBorderMs: 5 * DAY, extraDays: 2, trainBase: 9000,
  },
};
/** Destination terminals served, by ISO alpha-2 and customs country code; days hub → terminal via Chengdu. */
export const TERMINALS = [
  { iso: 'PL', customs: '327', terminal: 'Łódź Olechów (PL)', days: 12 },
  { iso: 'DE', customs: '304', terminal: 'Duisburg (DE)', days: 14 },
  { iso: 'NL', customs: '309', terminal: 'Tilburg (NL)', days: 15 },
  { iso: 'HU', customs: '321', terminal: 'Budapest BILK (HU)', days: 16 },
  { iso: 'LT', customs: '336', terminal: 'Vilnius (LT)', days: 11 },
] as const;
/** The next train with space leaves the hub two business days after booking. */
const DEPARTURE_AFTER_BOOKING_MS = 2 * DAY;
/** Loading onto the train takes at least this long after release. */
const LOADING_MS = 6 * HOUR;

interface BookingState {
  bookingNo: string;
  reference: string;
  origin: string;
  hub: Hub;
  terminal: (typeof TERMINALS)[number];
  plannedDepartureAt: number;
  loadingConfirmed: boolean;
  departed: boolean;
  cancelled: boolean;
  /** Locations of milestones reached, by index in RAIL_MILESTONES; sent in order. */
  reached: (string | undefined)[];
  sent: number;
  chain: Promise<unknown>;
}

/** A China–Europe Railway Express operator that behaves like the real one; API in README.md. */
export function createRailSimulator(opts: RailSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'rail' });
  const { bookings, find } = bookingStore<BookingState>(sim, E.BookingNotFound);
  const effect = effectHandlers(sim, { ...E, withParams: true });
  let serial = 0;

  /** Marks a milestone reached and sends every milestone that is due, strictly in order. */
  function reach(b: BookingState, milestone: RailMilestone, location: string) {
    if (b.cancelled || bookings.get(b.bookingNo) !== b) return;
    b.reached[RAIL_MILESTONES.indexOf(milestone)] = location;
    for (let at = b.reached[b.sent]; at !== undefined; at = b.reached[b.sent]) {
      const event: MilestoneEvent = {
        eventId: `evt_${randomUUID()}`, reference: b.reference, bookingNo: b.bookingNo,
        event: RAIL_MILESTONES[b.sent] ?? 'ARRIVED', location: at, at: new Date().toISOString(),
      };
      b.sent += 1;
      b.chain = b.chain.then(() => sim.sendCallback(JSON.stringify(event), 'application/json')).catch(() => undefined);
    }
  }

  sim.app.post('/v1/bookings', effect('book', BookRequestSchema, 201, (req) => {
    const terminal = TERMINALS.find((t) => t.iso === req.destinationCountry || t.customs === req.destinationCountry);
    if (!terminal) throw new Rejection(422, E.DestinationNotServed, `no China–Europe service to ${req.destinationCountry}`);
    if (sim.scenario(req.reference)?.name === 'no-capacity') {
      throw new Rejection(409, E.NoCapacity, 'no space left on trains in the booking window');
    }
    const hub = HUBS[req.corridor];
    const now = Date.now();
    const plannedDepartureAt = now + scaled(DEPARTURE_AFTER_BOOKING_MS, opts.timeScale, 0);
    const b: BookingState = {
      bookingNo: `CR${hub.code}${chinaDate(now).replaceAll('-', '')}${String(++serial).padStart(4, '0')}`,
      reference: req.reference, origin: req.origin, hub, terminal, plannedDepartureAt,
      loadingConfirmed: false, departed: false, cancelled: false, reached: [], sent: 0, chain: Promise.resolve(),
    };
    bookings.set(b.bookingNo, b);
    sim.later(PICKUP_MS, () => reach(b, 'PICKED_UP', req.origin));
    sim.later(PICKUP_MS + hub.firstLegMs, () => reach(b, 'ARRIVED_AT_SITE', hub.hub));
    return {
      bookingNo: b.bookingNo, reference: req.reference, corridor: req.corridor, status: 'BOOKED',
      trainNo: `X${hub.trainBase + Number(chinaDate(plannedDepartureAt).slice(8))}`, hub: hub.hub, borderPort: hub.borderPort,
      destinationTerminal: terminal.terminal, plannedDeparture: new Date(plannedDepartureAt).toISOString(), bookedAt: new Date(now).toISOString(),
    };
  }));

  sim.app.post('/v1/bookings/:bookingNo/loading-confirmation', effect('confirmLoading', ConfirmLoadingRequestSchema, 200, (req) => {
    const b = find(req.bookingNo);
    if (b.cancelled) throw new Rejection(409, E.BookingCancelled, `booking ${b.bookingNo} was cancelled`);
    if (!b.loadingConfirmed) {
      b.loadingConfirmed = true;
      const scenario = sim.scenario(b.reference);
      const delay = scenario?.name === 'delay-departure' && typeof scenario.params.businessDelayMs === 'number' ? scenario.params.businessDelayMs : 0;
      const departIn = Math.max((b.plannedDepartureAt - Date.now()) * opts.timeScale, LOADING_MS) + delay;
      sim.later(departIn, () => {
        if (b.cancelled) return;
        b.departed = true;
        reach(b, 'DEPARTED', b.hub.hub);
      });
      if (scenario?.name !== 'lost') { // `lost`: the train leaves with the consignment and nothing is reported after
        sim.later(departIn + b.hub.hubToBorderMs, () => reach(b, 'BORDER_CROSSED', b.hub.borderPort));
        sim.later(departIn + (b.terminal.days + b.hub.extraDays) * DAY, () => reach(b, 'ARRIVED', b.terminal.terminal));
      }
    }
    return { bookingNo: b.bookingNo, loadingConfirmed: true, invtNo: req.invtNo, confirmedAt: new Date().toISOString() };
  }));

  sim.app.post('/v1/bookings/:bookingNo/cancellation', effect('cancel', CancelRequestSchema, 200, (req) => {
    const b = find(req.bookingNo);
    if (b.departed) throw new Rejection(409, E.AlreadyDeparted, `train with booking ${b.bookingNo} already left ${b.hub.hub}`);
    b.cancelled = true;
    return { bookingNo: b.bookingNo, cancelled: true, reason: req.reason, cancelledAt: new Date().toISOString() };
  }));

  return sim;
}
