import { DAY } from '../../domain/time.js';
import { defineSystem } from '../kit/system.js';

/** China–Laos railway operator. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'china-laos',
  kind: 'carrier',
  port: 4107,
  devCallbackSecret: 'dev-china-laos-secret',
  /** Transit figures: docs/reference/domain-rules.md §5.1; Dazhou's own feeder legs are assumptions (no schedules found). */
  corridors: {
    CHINA_LAOS_RAIL: { label: 'China–Laos railway via Mohan/Boten', trafMode: '3', sla: { border: 6 * DAY, arrival: 3 * DAY } },
  },
});
