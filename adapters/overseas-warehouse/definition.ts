import { defineSystem } from '../kit/system.js';

/** Overseas warehouse (9810) WMS. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'overseas-warehouse',
  kind: 'warehouse',
  port: 4111,
  devCallbackSecret: 'dev-overseas-warehouse-secret',
});
