import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createOverseasWarehouseClient } from './client.js';
import { createOverseasWarehouseSimulator } from './simulator.js';

/** The outbound part of overseas-warehouse (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'warehouse'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createOverseasWarehouseClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['warehouse'],
  createSimulator: createOverseasWarehouseSimulator,
};
