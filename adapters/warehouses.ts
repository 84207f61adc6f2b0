import type { Simulator, SimulatorOptions } from './kit/simulator.js';
import type { WarehousePort } from './warehouse/port.js';
import { createBondedWarehouseClient, createBondedWarehouseSimulator } from './bonded-warehouse/index.js';
import { createOverseasWarehouseClient, createOverseasWarehouseSimulator } from './overseas-warehouse/index.js';

export interface WarehouseAdapter {
  /** Warehouse system id, as named in config (`<ID>_URL`, `<ID>_CALLBACK_SECRET`) and the callback route. */
  id: string;
  createClient(opts: { baseUrl: string; timeoutMs?: number }): WarehousePort;
  createSimulator(opts: SimulatorOptions): Simulator;
}

/** The warehouse registry: one line per warehouse system. */
export const WAREHOUSES: readonly WarehouseAdapter[] = [
  { id: 'overseas-warehouse', createClient: createOverseasWarehouseClient as WarehouseAdapter['createClient'], createSimulator: createOverseasWarehouseSimulator },
  { id: 'bonded-warehouse', createClient: createBondedWarehouseClient as WarehouseAdapter['createClient'], createSimulator: createBondedWarehouseSimulator },
];
