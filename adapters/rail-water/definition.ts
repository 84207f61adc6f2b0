import { DAY } from '../../domain/time.js';
import { defineSystem } from '../kit/system.js';

/** Yangtze rail–water intermodal operator. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'rail-water',
  kind: 'carrier',
  port: 4105,
  devCallbackSecret: 'dev-rail-water-secret',
  /** Transit figures: docs/reference/domain-rules.md §5.1; Dazhou's own feeder legs are assumptions (no schedules found). */
  corridors: {
    RAIL_WATER_YANGTZE: { label: 'Yangtze rail–water via Wanzhou/Chongqing to Shanghai', trafMode: '2', sla: { border: 30 * DAY, arrival: 40 * DAY } },
  },
});
