import { DAY, HOUR } from '../../domain/time.js';
import { Rejection } from '../kit/effect-route.js';
import type { Simulator } from '../kit/simulator.js';
import { CarrierErrorCode as E } from '../carrier/port.js';
import { createRouteSimulator, toSite, type CarrierPlan, type CarrierSimulatorOptions, type Step } from '../carrier/simulator.js';
import { PostalBookRequestSchema, type Parcel, type PostalBookRequest, type PostalService } from './port.js';

export type PostalSimulatorOptions = CarrierSimulatorOptions;

/** The postal CBEC supervised site in Dazhou (assumed: the plan names "9610 + 国际邮路", no site). */
export const POSTAL_SITE = 'Dazhou postal CBEC supervised site (达州邮政跨境电商监管场所)';
/**
 * Mail routes. Chongqing was the first rail-mail pilot (§5.3); the air office of exchange, the
 * 1 d trip to either office, 12 h export handling there and the 30 kg per-parcel limit (the
 * common UPU parcel-post maximum) are assumptions; put them in configuration for production.
 */
export const SERVICES: Record<PostalService, { exchange: string; service: string; maxParcelKg: number; exit: Step }> = {
  CR_EXPRESS_MAIL: {
    exchange: 'Chongqing railway port international mail office of exchange (重庆铁路口岸国际邮件互换站)',
    service: 'China Post international mail by CR Express (中欧班列运邮)', maxParcelKg: 30,
    // as adapters/rail: Chongqing → Khorgos 5 d
    exit: { event: 'INFO', detail: 'BORDER_EXIT', location: 'Khorgos (霍尔果斯)', afterMs: 5 * DAY },
  },
  AIR_MAIL: {
    exchange: 'Chengdu Shuangliu international mail office of exchange (成都双流国际邮件互换局)',
    service: 'China Post international air parcel', maxParcelKg: 30,
    exit: { event: 'INFO', detail: 'FLIGHT_DEPARTED', location: 'Chengdu Shuangliu airport (成都双流机场)', afterMs: 6 * HOUR },
  },
};
const TO_EXCHANGE_MS = 1 * DAY;
const AT_EXCHANGE_MS = 12 * HOUR;
/**
 * Office of exchange → delivered. Rail (§5.1): Chongqing mail → Lithuania/Poland ~10 d (2020),
 * Chongqing parcels → Frankfurt 15 d (2016 test), Chengdu postal train → Budapest 18 d (2020).
 * Air: no figure in the references, all assumed.
 */
export const DESTINATIONS = [
  { customs: '336', iso: 'LT', city: 'Vilnius (LT)', rail: 10 * DAY, air: 7 * DAY },
  { customs: '327', iso: 'PL', city: 'Warsaw (PL)', rail: 10 * DAY, air: 7 * DAY },
  { customs: '304', iso: 'DE', city: 'Frankfurt (DE)', rail: 15 * DAY, air: 7 * DAY },
  { customs: '321', iso: 'HU', city: 'Budapest (HU)', rail: 18 * DAY, air: 7 * DAY },
  { customs: '303', iso: 'GB', city: 'London (GB)', rail: undefined, air: 7 * DAY },
  { customs: '502', iso: 'US', city: 'Los Angeles (US)', rail: undefined, air: 8 * DAY },
  { customs: '116', iso: 'JP', city: 'Tokyo (JP)', rail: undefined, air: 4 * DAY },
  { customs: '133', iso: 'KR', city: 'Seoul (KR)', rail: undefined, air: 4 * DAY },
  { customs: '132', iso: 'SG', city: 'Singapore (SG)', rail: undefined, air: 5 * DAY },
  { customs: '141', iso: 'VN', city: 'Hanoi (VN)', rail: undefined, air: 5 * DAY },
] as const;
/** Backlog at the office of exchange: 2–4 d assumed. */
export const EXCHANGE_BACKLOG = { scenario: 'exchange-backlog', detail: 'OFFICE_OF_EXCHANGE_BACKLOG', minMs: 2 * DAY, maxMs: 4 * DAY };

/** UPU S10 item number: 2 letters, 8-digit serial, check digit, country code. */
export function s10(prefix: string, serial: number, country = 'CN'): string {
  const digits = String(serial % 1e8).padStart(8, '0');
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * ([8, 6, 4, 2, 3, 5, 9, 7][i] ?? 0), 0);
  const check = 11 - (sum % 11);
  return `${prefix}${digits}${check === 10 ? 0 : check === 11 ? 5 : check}${country}`;
}

/** The request's parcels, or `packages` parcels of equal weight numbered from the waybill. */
export function parcelsOf(req: PostalBookRequest): Parcel[] {
  if (req.parcels) return req.parcels;
  const each = (Number(req.grossWeightKg) / req.packages).toFixed(3);
  return Array.from({ length: req.packages }, (_, i) => ({
    logisticsNo: req.packages === 1 ? req.waybillNo : `${req.waybillNo}-${i + 1}`,
    grossWeightKg: each,
  }));
}

/**
 * The international post: API in adapters/carrier/README.md, journey in README.md. Scenarios per
 * reference: `no-capacity`, `delay-departure` and `exchange-backlog` { businessDelayMs? }.
 */
export function createPostalSimulator(opts: PostalSimulatorOptions): Simulator {
  let items = 0;
  return createRouteSimulator(opts, {
    system: 'postal',
    prefix: 'POST',
    requestSchema: PostalBookRequestSchema,
    departureAfterBookingMs: 1 * DAY, // daily dispatch (assumed)
    destinations: DESTINATIONS,
    what: 'international mail',
    routes: SERVICES,
    defaultVia: (dest): PostalService => (dest.rail ? 'CR_EXPRESS_MAIL' : 'AIR_MAIL'),
    plan(req, { dest, via, route }): CarrierPlan {
      const toDelivery = via === 'CR_EXPRESS_MAIL' ? dest.rail : dest.air;
      if (toDelivery === undefined) throw new Rejection(422, E.DestinationNotServed, `no ${via} service to ${req.destinationCountry}`);
      const parcels = parcelsOf(req);
      const heavy = parcels.filter((p) => Number(p.grossWeightKg) > route.maxParcelKg);
      if (heavy.length > 0) {
        throw new Rejection(422, E.ParcelTooHeavy, `over ${route.maxParcelKg} kg per parcel: ${heavy.map((p) => `${p.logisticsNo} (${p.grossWeightKg} kg)`).join(', ')}`);
      }
      const destination = `${dest.city}, delivered`;
      return {
        booking: {
          site: POSTAL_SITE, exitPort: route.exchange, officeOfExchange: route.exchange, destination,
          service: route.service, maxParcelKg: route.maxParcelKg,
          parcels: parcels.map((p) => ({ ...p, itemNo: s10('CP', ++items) })),
        },
        toSite: toSite(req.origin, { detail: 'ARRIVED_AT_SUPERVISED_SITE', location: POSTAL_SITE, afterMs: 4 * HOUR }, 'ACCEPTED'),
        mainLeg: [
          { event: 'DEPARTED', detail: 'DISPATCHED_TO_OFFICE_OF_EXCHANGE', location: POSTAL_SITE, afterMs: 0 },
          { event: 'INFO', detail: 'ARRIVED_AT_OFFICE_OF_EXCHANGE', location: route.exchange, afterMs: TO_EXCHANGE_MS },
          { event: 'BORDER_CROSSED', detail: 'DESPATCHED_ABROAD', location: route.exchange, afterMs: AT_EXCHANGE_MS, hold: EXCHANGE_BACKLOG },
          route.exit,
          { event: 'ARRIVED', detail: 'DELIVERED', location: destination, afterMs: toDelivery - route.exit.afterMs },
        ],
      };
    },
  });
}
