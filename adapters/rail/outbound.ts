import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createRailClient } from './client.js';
import { createRailSimulator } from './simulator.js';

/** The outbound part of rail (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'carrier'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createRailClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['carrier'],
  createSimulator: createRailSimulator,
};
