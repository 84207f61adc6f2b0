import type { SystemOutbound } from '../kit/system-outbound.js';
import { createPaymentInstitutionClient } from './client.js';
import { createPaymentInstitutionSimulator } from './simulator.js';
import { MERCHANT_HEADER } from './wire.js';

/** The outbound part of payment-institution (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'fx'> = {
  createClient: ({ baseUrl, timeoutMs, logger, config }) => createPaymentInstitutionClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}), headers: { [MERCHANT_HEADER]: config.PAYMENT_INSTITUTION_MERCHANT_ID } }),
  createSimulator: createPaymentInstitutionSimulator,
};
