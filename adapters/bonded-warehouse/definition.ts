import { defineSystem } from '../kit/system.js';

/** Bonded warehouse (1210) WMS. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'bonded-warehouse',
  kind: 'warehouse',
  port: 4112,
  devCallbackSecret: 'dev-bonded-warehouse-secret',
});
