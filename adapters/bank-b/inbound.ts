import { fundsInboundWithNative } from '../bank/inbound.js';
import { InwardCreditNoticeSchema, toFundsReceivedEvent } from './wire.js';

/** Bank B's callbacks: its own inward-credit notice, or the platform's funds notice (through a gateway). */
export const bankBInbound = fundsInboundWithNative(InwardCreditNoticeSchema, toFundsReceivedEvent);
