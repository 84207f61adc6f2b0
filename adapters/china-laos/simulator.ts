import { DAY, HOUR } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import { createRouteSimulator, toSite, type CarrierPlan, type CarrierSimulatorOptions, type Step } from '../carrier/simulator.js';
import { ChinaLaosBookRequestSchema, type LaosHub } from './port.js';

export type ChinaLaosSimulatorOptions = CarrierSimulatorOptions;

/**
 * Hubs (§5.1–5.2): Kunming → Vientiane 26 h (2022); Chongqing → Vientiane ~4–5 d (2021–22);
 * Chengdu: no figure, as Chongqing assumed. Dazhou → Chongqing 10 h and → Chengdu 12 h as in
 * adapters/rail (assumed); Dazhou → Kunming 1.5 d assumed. Hub → Mohan = total − MOHAN_TO_VIENTIANE.
 */
export const HUBS: Record<LaosHub, { site: string; firstLegMs: number; toBorderMs: number; trainBase: number }> = {
  CHONGQING: { site: 'Chongqing Xiaonanya (小南垭) rail freight supervised site', firstLegMs: 10 * HOUR, toBorderMs: 4 * DAY, trainBase: 100 },
  CHENGDU: { site: 'Chengdu Qingbaijiang (青白江) CBEC supervised site', firstLegMs: 12 * HOUR, toBorderMs: 4 * DAY, trainBase: 200 },
  KUNMING: { site: 'Kunming (昆明) rail freight supervised site', firstLegMs: 36 * HOUR, toBorderMs: 16 * HOUR, trainBase: 300 },
};
export const MOHAN = 'Mohan (磨憨) railway port';
export const BORDER = 'Mohan (磨憨) / Boten (磨丁) border';
export const VIENTIANE = 'Vientiane South (万象南) freight station (LA)';
/**
 * Mohan → Vientiane incl. inspections on both sides: 10 h assumed (the passenger train's border
 * formalities took ~9.5–10.5 h Kunming → Vientiane in 2023), split as below.
 */
const AT_BORDER_MS = 4 * HOUR;
const TO_BOTEN_MS = 2 * HOUR;
const BOTEN_TO_VIENTIANE_MS = 4 * HOUR;
/**
 * Destinations: Laos (customs 119: not in the references' §10 list, taken from a public JGS-20
 * enum) and Thailand (136) onward from Vientiane across the Mekong at Nong Khai, 2 d assumed.
 */
export const DESTINATIONS = [
  { customs: '119', iso: 'LA', terminal: VIENTIANE, onwardMs: 0 },
  { customs: '136', iso: 'TH', terminal: 'Bangkok Lat Krabang ICD (TH)', onwardMs: 2 * DAY },
] as const;
/** Goods held for inspection at Mohan: 1–3 d assumed. */
export const BORDER_INSPECTION = { scenario: 'border-inspection', detail: 'BORDER_INSPECTION_HOLD', minMs: 1 * DAY, maxMs: 3 * DAY };

/**
 * A China–Laos railway operator: API in adapters/carrier/README.md, journey in README.md.
 * Scenarios per reference: `no-capacity`, `delay-departure` and `border-inspection` { businessDelayMs? }.
 */
export function createChinaLaosSimulator(opts: ChinaLaosSimulatorOptions): Simulator {
  return createRouteSimulator(opts, {
    system: 'china-laos',
    prefix: 'CLRW',
    requestSchema: ChinaLaosBookRequestSchema,
    destinations: DESTINATIONS,
    what: 'China–Laos railway',
    routes: HUBS,
    defaultVia: () => 'CHONGQING',
    plan(req, { dest, via, route: hub }): CarrierPlan {
      const arrival: Step[] = dest.onwardMs === 0
        ? [{ event: 'ARRIVED', detail: 'ARRIVED_AT_TERMINAL', location: VIENTIANE, afterMs: BOTEN_TO_VIENTIANE_MS }]
        : [
            { event: 'INFO', detail: 'ARRIVED_AT_VIENTIANE', location: VIENTIANE, afterMs: BOTEN_TO_VIENTIANE_MS },
            { event: 'ARRIVED', detail: 'ARRIVED_AT_TERMINAL', location: dest.terminal, afterMs: dest.onwardMs },
          ];
      return {
        booking: {
          site: hub.site, exitPort: BORDER, destination: dest.terminal,
          service: `China–Laos freight train (中老班列) ${via.charAt(0)}${via.slice(1).toLowerCase()}–Vientiane`,
          trainNo: `ZL${hub.trainBase + new Date().getUTCDate()}`,
        },
        toSite: toSite(req.origin, { detail: 'ARRIVED_AT_HUB', location: hub.site, afterMs: hub.firstLegMs }),
        mainLeg: [
          { event: 'DEPARTED', detail: 'TRAIN_DEPARTED', location: hub.site, afterMs: 0 },
          { event: 'INFO', detail: 'ARRIVED_AT_BORDER', location: MOHAN, afterMs: hub.toBorderMs },
          { event: 'BORDER_CROSSED', detail: 'EXIT_CLEARED', location: BORDER, afterMs: AT_BORDER_MS, hold: BORDER_INSPECTION },
          { event: 'INFO', detail: 'LAOS_ENTRY_CLEARED', location: 'Boten (磨丁) (LA)', afterMs: TO_BOTEN_MS },
          ...arrival,
        ],
      };
    },
  });
}
