import { DAY } from '../../domain/time.js';
import { defineSystem } from '../kit/system.js';

/** International postal/express operator. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'postal',
  kind: 'carrier',
  port: 4108,
  devCallbackSecret: 'dev-postal-secret-01',
  /** Transit figures: docs/reference/domain-rules.md §5.1; Dazhou's own feeder legs are assumptions (no schedules found). */
  corridors: {
    POSTAL_INTERNATIONAL: { label: 'International postal/express (国际邮路)', trafMode: '6', sla: { border: 7 * DAY, arrival: 20 * DAY } },
  },
});
