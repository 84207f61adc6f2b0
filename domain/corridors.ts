import { DAY } from './time.js';

/**
 * Logistics corridors a shipment can choose (docs/reference/domain-rules.md §5), the carrier system that serves
 * each, the customs transport mode of its main leg (JGS-20: 2 waterway, 3 rail, 6 mail) and the
 * service levels of its transit waits. Transit figures are from the §5.1 table (year of source
 * there); Dazhou's own feeder legs are assumptions (the reference found no schedules).
 */
export interface CorridorInfo {
  carrier: string;
  label: string;
  trafMode: '2' | '3' | '6';
  /** Business time allowed from departure to leaving China, and from there to arrival. */
  sla: { border: number; arrival: number };
}

export const CORRIDORS = {
  CR_EXPRESS_CHENGDU: { carrier: 'rail', label: 'China–Europe Railway Express via Chengdu', trafMode: '3', sla: { border: 10 * DAY, arrival: 12 * DAY } },
  CR_EXPRESS_CHONGQING: { carrier: 'rail', label: 'China–Europe Railway Express via Chongqing', trafMode: '3', sla: { border: 10 * DAY, arrival: 12 * DAY } },
  RAIL_WATER_YANGTZE: { carrier: 'rail-water', label: 'Yangtze rail–water via Wanzhou/Chongqing to Shanghai', trafMode: '2', sla: { border: 30 * DAY, arrival: 40 * DAY } },
  LAND_SEA_QINZHOU: { carrier: 'land-sea', label: 'Western land–sea corridor via Qinzhou', trafMode: '2', sla: { border: 10 * DAY, arrival: 20 * DAY } },
  CHINA_LAOS_RAIL: { carrier: 'china-laos', label: 'China–Laos railway via Mohan/Boten', trafMode: '3', sla: { border: 6 * DAY, arrival: 3 * DAY } },
  POSTAL_INTERNATIONAL: { carrier: 'postal', label: 'International postal/express (国际邮路)', trafMode: '6', sla: { border: 7 * DAY, arrival: 20 * DAY } },
} as const satisfies Record<string, CorridorInfo>;

export type CorridorId = keyof typeof CORRIDORS;

export function corridorInfo(id: string): CorridorInfo {
  const info = (CORRIDORS as Record<string, CorridorInfo>)[id];
  if (!info) throw new RangeError(`unknown corridor ${id}`);
  return info;
}
