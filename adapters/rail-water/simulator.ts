import { DAY, HOUR } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import { createRouteSimulator, toSite, type CarrierPlan, type CarrierSimulatorOptions } from '../carrier/simulator.js';
import { RailWaterBookRequestSchema, type RiverPort, type SeaPort } from './port.js';

export type RailWaterSimulatorOptions = CarrierSimulatorOptions;

/**
 * River ports (§5.1). Wanzhou → Shanghai 10 d by the weekly direct liner (2021). The Dazhou →
 * Wanzhou rail leg (达万铁路) has no figure: 8 h assumed. Chongqing Guoyuan is 327 km upstream
 * of Wanzhou: 11 d to Shanghai assumed (the 2009 source planned 7–8 d); Dazhou → Chongqing 10 h
 * assumed (as adapters/rail). Days to the Three Gorges lock: assumed.
 */
export const RIVER_PORTS: Record<RiverPort, { site: string; railLegMs: number; toLockMs: number; toShanghaiMs: number; service: string }> = {
  WANZHOU: {
    site: 'Wanzhou Xintian port (万州新田港) supervised site', railLegMs: 8 * HOUR, toLockMs: 1 * DAY, toShanghaiMs: 10 * DAY,
    service: 'Wanzhou–Shanghai direct container liner (沪渝直达快线), weekly',
  },
  CHONGQING_GUOYUAN: {
    site: 'Chongqing Guoyuan port (果园港) supervised site', railLegMs: 10 * HOUR, toLockMs: 2 * DAY, toShanghaiMs: 11 * DAY,
    service: 'Chongqing–Shanghai direct container liner (沪渝直达快线), weekly',
  },
};
/** Sea ports: river days relative to Shanghai and the transfer to the ocean vessel (assumed). */
export const SEA_PORTS: Record<SeaPort, { port: string; extraRiverMs: number; transferMs: number }> = {
  YANGSHAN: { port: 'Shanghai Yangshan (洋山港)', extraRiverMs: 0, transferMs: 2 * DAY },
  TAICANG: { port: 'Taicang (太仓港)', extraRiverMs: 0, transferMs: 2 * DAY },
  NINGBO_ZHOUSHAN: { port: 'Ningbo-Zhoushan (宁波舟山港)', extraRiverMs: 1 * DAY, transferMs: 2 * DAY },
};
/**
 * Destinations: Japan, Korea and Thailand are where the Dazhou east-bound rail–water train's goods
 * went (§5.1); Europe 28 d is the secondary "sea China–Europe avg" figure; other sea days assumed.
 */
export const DESTINATIONS = [
  { customs: '116', iso: 'JP', port: 'Tokyo (JP)', seaMs: 3 * DAY, seaPort: 'TAICANG' },
  { customs: '133', iso: 'KR', port: 'Busan (KR)', seaMs: 2 * DAY, seaPort: 'TAICANG' },
  { customs: '136', iso: 'TH', port: 'Laem Chabang (TH)', seaMs: 8 * DAY, seaPort: 'YANGSHAN' },
  { customs: '132', iso: 'SG', port: 'Singapore (SG)', seaMs: 6 * DAY, seaPort: 'YANGSHAN' },
  { customs: '304', iso: 'DE', port: 'Hamburg (DE)', seaMs: 28 * DAY, seaPort: 'YANGSHAN' },
  { customs: '309', iso: 'NL', port: 'Rotterdam (NL)', seaMs: 28 * DAY, seaPort: 'YANGSHAN' },
] as const satisfies readonly { customs: string; iso: string; port: string; seaMs: number; seaPort: SeaPort }[];

export const THREE_GORGES_LOCK = 'Three Gorges ship lock (三峡船闸), Yichang';
/** Maintenance queues at the Three Gorges lock: 10–15 d (Feb–Mar 2017, §5.1). */
export const LOCK_QUEUE = { scenario: 'lock-queue', detail: 'THREE_GORGES_LOCK_QUEUE', minMs: 10 * DAY, maxMs: 15 * DAY };

/**
 * A rail–water operator: API in adapters/carrier/README.md, journey in README.md. Scenarios per
 * reference: `no-capacity`, `delay-departure` { businessDelayMs }, `lock-queue` { businessDelayMs? }.
 */
export function createRailWaterSimulator(opts: RailWaterSimulatorOptions): Simulator {
  return createRouteSimulator(opts, {
    system: 'rail-water',
    prefix: 'RWYZ',
    requestSchema: RailWaterBookRequestSchema,
    destinations: DESTINATIONS,
    what: 'rail–water',
    routes: RIVER_PORTS,
    defaultVia: () => 'WANZHOU',
    plan(req, { dest, route: river }): CarrierPlan {
      const seaPort = req.seaPort ?? dest.seaPort;
      const sea = SEA_PORTS[seaPort];
      return {
        booking: { site: river.site, exitPort: sea.port, destination: dest.port, service: river.service, seaPort },
        toSite: toSite(req.origin, { detail: 'RAIL_ARRIVED_AT_RIVER_PORT', location: river.site, afterMs: river.railLegMs }),
        mainLeg: [
          { event: 'DEPARTED', detail: 'RIVER_LINER_DEPARTED', location: river.site, afterMs: 0 },
          { event: 'INFO', detail: 'THREE_GORGES_LOCK', location: THREE_GORGES_LOCK, afterMs: river.toLockMs, hold: LOCK_QUEUE },
          { event: 'INFO', detail: 'TRANSSHIPPED_TO_VESSEL', location: sea.port, afterMs: river.toShanghaiMs + sea.extraRiverMs - river.toLockMs },
          { event: 'BORDER_CROSSED', detail: 'VESSEL_DEPARTED', location: sea.port, afterMs: sea.transferMs },
          { event: 'ARRIVED', detail: 'ARRIVED_AT_PORT_OF_DISCHARGE', location: dest.port, afterMs: dest.seaMs },
        ],
      };
    },
  });
}
