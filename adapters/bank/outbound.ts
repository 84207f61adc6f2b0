import type { SystemOutbound } from '../kit/system-outbound.js';
import { createBankClient } from './client.js';
import { createBankSimulator } from './simulator.js';

/** The outbound part of bank (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'fx'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createBankClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }),
  createSimulator: createBankSimulator,
};
