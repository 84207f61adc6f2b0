import { defineSystem } from '../kit/system.js';

/** The platform's bank for FX collection and settlement (收汇/结汇). Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'bank',
  kind: 'fx',
  port: 4103,
  devCallbackSecret: 'dev-bank-secret-0001',
});
