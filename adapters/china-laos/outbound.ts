import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createChinaLaosClient } from './client.js';
import { createChinaLaosSimulator } from './simulator.js';

/** The outbound part of china-laos (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'carrier'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createChinaLaosClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['carrier'],
  createSimulator: createChinaLaosSimulator,
};
