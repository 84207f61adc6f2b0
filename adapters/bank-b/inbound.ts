import { fundsInboundWithNative } from '../bank/inbound.js';
import { InwardCreditNoticeSchema, toFundsReceivedEvent } from './wire.js';

/** Bank B's callbacks: its own inward-credit notice, or the platform's funds notice (through a gateway). */
/** The inbound part of bank-b (its own inward-credit notice), found by adapters/inbound.ts by this name. */
export const inbound = fundsInboundWithNative(InwardCreditNoticeSchema, toFundsReceivedEvent);
