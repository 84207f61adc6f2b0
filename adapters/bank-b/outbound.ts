import type { SystemOutbound } from '../kit/system-outbound.js';
import { createBankBClient } from './client.js';
import { createBankBSimulator } from './simulator.js';

/** The outbound part of bank-b (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'fx'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createBankBClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }),
  createSimulator: createBankBSimulator,
};
