import type { SystemOutbound } from '../kit/system-outbound.js';
import { createInsurerClient } from './client.js';
import { createInsurerSimulator } from './simulator.js';

/** The outbound part of the insurer (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'insurer'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createInsurerClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }),
  createSimulator: createInsurerSimulator,
};
