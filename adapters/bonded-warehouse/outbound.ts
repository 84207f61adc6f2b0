import type { PortOfKind, SystemOutbound } from '../kit/system-outbound.js';
import { createBondedWarehouseClient } from './client.js';
import { createBondedWarehouseSimulator } from './simulator.js';

/** The outbound part of bonded-warehouse (adapters/kit/system-outbound.ts): its client and its simulator. */
export const outbound: SystemOutbound<'warehouse'> = {
  createClient: ({ baseUrl, timeoutMs, logger }) => createBondedWarehouseClient({ baseUrl, timeoutMs, ...(logger ? { logger } : {}) }) as PortOfKind['warehouse'],
  createSimulator: createBondedWarehouseSimulator,
};
