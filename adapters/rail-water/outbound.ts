import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createRailWaterClient } from './client.js';
import { createRailWaterSimulator } from './simulator.js';

/** The outbound part of rail-water (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'carrier'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createRailWaterClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['carrier'],
  createSimulator: createRailWaterSimulator,
};
