import { defineSystem } from '../kit/system.js';

/** An insurer: cargo insurance and short-term export credit insurance. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'insurer',
  kind: 'insurer',
  port: 4115,
  devCallbackSecret: 'dev-insurer-secret-0001',
});
