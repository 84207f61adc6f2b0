import { defineSystem } from '../kit/system.js';

/** A licensed cross-border payment institution (支付机构) with its own payout webhooks. Listed in adapters/systems.ts; outbound part: ./outbound.ts; inbound part: ./inbound.ts. */
export const definition = defineSystem({
  id: 'payment-institution',
  kind: 'fx',
  port: 4110,
  devCallbackSecret: 'dev-payment-institution-secret',
  ownInbound: true,
});
