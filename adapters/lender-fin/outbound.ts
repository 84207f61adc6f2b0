import type { SystemOutbound } from '../kit/system-outbound.js';
import { createLenderFinClient } from './client.js';
import { createLenderFinSimulator } from './simulator.js';

/** The outbound part of lender-fin (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'lender'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createLenderFinClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }),
  createSimulator: createLenderFinSimulator,
};
