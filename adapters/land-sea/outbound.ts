import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createLandSeaClient } from './client.js';
import { createLandSeaSimulator } from './simulator.js';

/** The outbound part of land-sea (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'carrier'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createLandSeaClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['carrier'],
  createSimulator: createLandSeaSimulator,
};
