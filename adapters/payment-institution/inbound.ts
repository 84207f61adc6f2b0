import { fundsInboundWithNative } from '../bank/inbound.js';
import { PayoutFundsWebhookSchema, toFundsReceivedEvent } from './wire.js';

/** The payment institution's callbacks: its own payout webhook, or the platform's funds notice. */
/** The inbound part of the payment institution (its payout webhook), found by adapters/inbound.ts by this name. */
export const inbound = fundsInboundWithNative(PayoutFundsWebhookSchema, toFundsReceivedEvent);
