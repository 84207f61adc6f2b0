import { DAY } from '../../domain/time.js';
import { defineSystem } from '../kit/system.js';

/** China–Europe Railway Express operator. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'rail',
  kind: 'carrier',
  port: 4102,
  devCallbackSecret: 'dev-rail-secret-0001',
  /** Transit figures: docs/reference/domain-rules.md §5.1 (year of source there). */
  corridors: {
    CR_EXPRESS_CHENGDU: { label: 'China–Europe Railway Express via Chengdu', trafMode: '3', sla: { border: 10 * DAY, arrival: 12 * DAY } },
    CR_EXPRESS_CHONGQING: { label: 'China–Europe Railway Express via Chongqing', trafMode: '3', sla: { border: 10 * DAY, arrival: 12 * DAY } },
  },
});
