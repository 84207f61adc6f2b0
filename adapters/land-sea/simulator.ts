import { DAY, HOUR } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import { createRouteSimulator, toSite, type CarrierPlan, type CarrierSimulatorOptions } from '../carrier/simulator.js';
import { LandSeaBookRequestSchema, type RailHead } from './port.js';

export type LandSeaSimulatorOptions = CarrierSimulatorOptions;

/**
 * Rail heads (§5.1): Chongqing → Qinzhou port 2 d (2019; Qinzhou Port East ↔ Tuanjiecun ~48 h,
 * 2026). Dazhou → Chongqing 10 h assumed (as adapters/rail). A direct Dazhou train is listed as a
 * departure in §5.2 without a schedule: 4 h local leg and 2.5 d to Qinzhou assumed.
 */
export const RAIL_HEADS: Record<RailHead, { site: string; firstLegMs: number; railMs: number; service: string }> = {
  CHONGQING: {
    site: 'Chongqing Tuanjiecun (团结村) CBEC supervised site', firstLegMs: 10 * HOUR, railMs: 2 * DAY,
    service: 'ILSTC rail–sea train Chongqing–Qinzhou (西部陆海新通道铁海联运班列)',
  },
  DAZHOU: {
    site: 'Dazhou (达州) rail freight station supervised site', firstLegMs: 4 * HOUR, railMs: 2.5 * DAY,
    service: 'ILSTC rail–sea train Dazhou–Qinzhou (assumed service)',
  },
};
export const QINZHOU_PORT_EAST = 'Qinzhou Port East station (钦州港东站)';
export const QINZHOU_PORT = 'Qinzhou port (钦州港)';
/** Train → vessel ("下车即上船") and vessel departure after the transfer: assumed. */
const TRANSSHIP_MS = 12 * HOUR;
const SAILING_MS = 12 * HOUR;
/**
 * Sea days from Qinzhou: Singapore 4 d derived from Chongqing → Singapore ≈ 7 d via the ILSTC
 * (2023); Vietnam "≤ 10 d" by sea (2019), 2 d assumed; Thailand and Malaysia assumed.
 */
export const DESTINATIONS = [
  { customs: '141', iso: 'VN', port: 'Hai Phong (VN)', seaMs: 2 * DAY },
  { customs: '132', iso: 'SG', port: 'Singapore (SG)', seaMs: 4 * DAY },
  { customs: '136', iso: 'TH', port: 'Laem Chabang (TH)', seaMs: 5 * DAY },
  { customs: '122', iso: 'MY', port: 'Port Klang (MY)', seaMs: 4 * DAY },
] as const;
/** The transshipment misses its vessel: the next sailing a week later (assumed weekly service). */
export const MISSED_VESSEL = { scenario: 'missed-vessel', detail: 'VESSEL_MISSED', minMs: 7 * DAY, maxMs: 7 * DAY };

/**
 * An ILSTC operator: API in adapters/carrier/README.md, journey in README.md. Scenarios per
 * reference: `no-capacity`, `delay-departure` { businessDelayMs }, `missed-vessel` { businessDelayMs? }.
 */
export function createLandSeaSimulator(opts: LandSeaSimulatorOptions): Simulator {
  return createRouteSimulator(opts, {
    system: 'land-sea',
    prefix: 'LSQZ',
    requestSchema: LandSeaBookRequestSchema,
    destinations: DESTINATIONS,
    what: 'land–sea',
    routes: RAIL_HEADS,
    defaultVia: () => 'CHONGQING',
    plan(req, { dest, route: head }): CarrierPlan {
      return {
        booking: { site: head.site, exitPort: QINZHOU_PORT, destination: dest.port, service: head.service, railTerminal: QINZHOU_PORT_EAST },
        toSite: toSite(req.origin, { detail: 'ARRIVED_AT_RAIL_HEAD', location: head.site, afterMs: head.firstLegMs }),
        mainLeg: [
          { event: 'DEPARTED', detail: 'TRAIN_DEPARTED', location: head.site, afterMs: 0 },
          { event: 'INFO', detail: 'ARRIVED_AT_QINZHOU_PORT_EAST', location: QINZHOU_PORT_EAST, afterMs: head.railMs },
          { event: 'INFO', detail: 'TRANSSHIPPED_TO_VESSEL', location: QINZHOU_PORT, afterMs: TRANSSHIP_MS },
          { event: 'BORDER_CROSSED', detail: 'VESSEL_DEPARTED', location: QINZHOU_PORT, afterMs: SAILING_MS, hold: MISSED_VESSEL },
          { event: 'ARRIVED', detail: 'ARRIVED_AT_PORT_OF_DISCHARGE', location: dest.port, afterMs: dest.seaMs },
        ],
      };
    },
  });
}
