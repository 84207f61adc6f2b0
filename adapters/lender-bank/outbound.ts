import type { SystemOutbound } from '../kit/system-outbound.js';
import { createLenderBankClient } from './client.js';
import { createLenderBankSimulator } from './simulator.js';

/** The outbound part of lender-bank (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'lender'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createLenderBankClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }),
  createSimulator: createLenderBankSimulator,
};
