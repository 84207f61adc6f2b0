import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createPostalClient } from './client.js';
import { createPostalSimulator } from './simulator.js';

/** The outbound part of postal (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'carrier'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createPostalClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['carrier'],
  createSimulator: createPostalSimulator,
};
