import { defineSystem } from '../kit/system.js';

/** A second bank with its own API and callback format. Listed in adapters/systems.ts; outbound part: ./outbound.ts; inbound part: ./inbound.ts. */
export const definition = defineSystem({
  id: 'bank-b',
  kind: 'fx',
  port: 4109,
  devCallbackSecret: 'dev-bank-b-secret-01',
  ownInbound: true,
});
