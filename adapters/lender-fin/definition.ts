import { defineSystem } from '../kit/system.js';

/** A finance company (商业保理/融资租赁 type lender): all products, stock pledges included, faster and dearer than the bank. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'lender-fin',
  kind: 'lender',
  port: 4114,
  devCallbackSecret: 'dev-lender-fin-secret-0001',
});
