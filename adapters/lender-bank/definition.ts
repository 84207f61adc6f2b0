import { defineSystem } from '../kit/system.js';

/** A commercial bank's trade-finance API (贸易融资): receivable, refund-backed and pool financing. Listed in adapters/systems.ts; outbound part: ./outbound.ts. */
export const definition = defineSystem({
  id: 'lender-bank',
  kind: 'lender',
  port: 4113,
  devCallbackSecret: 'dev-lender-bank-secret-0001',
});
