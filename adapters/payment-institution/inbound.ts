import { fundsInboundWithNative } from '../bank/inbound.js';
import { PayoutFundsWebhookSchema, toFundsReceivedEvent } from './wire.js';

/** The payment institution's callbacks: its own payout webhook, or the platform's funds notice. */
export const paymentInstitutionInbound = fundsInboundWithNative(PayoutFundsWebhookSchema, toFundsReceivedEvent);
