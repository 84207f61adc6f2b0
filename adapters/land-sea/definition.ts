import { DAY } from '../../domain/time.js';
import { defineSystem } from '../kit/system.js';

/** Western land–sea corridor operator. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'land-sea',
  kind: 'carrier',
  port: 4106,
  devCallbackSecret: 'dev-land-sea-secret',
  /** Transit figures: docs/reference/domain-rules.md §5.1; Dazhou's own feeder legs are assumptions (no schedules found). */
  corridors: {
    LAND_SEA_QINZHOU: { label: 'Western land–sea corridor via Qinzhou', trafMode: '2', sla: { border: 10 * DAY, arrival: 20 * DAY } },
  },
});
