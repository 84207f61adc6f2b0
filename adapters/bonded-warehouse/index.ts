export { createBondedWarehouseClient, type BondedWarehouseClientOptions } from './client.js';
export {
  BONDED_TIMING,
  BONDED_WAREHOUSES,
  createBondedWarehouseSimulator,
  DEFAULT_BONDED_WAREHOUSE,
  type BondedWarehouse,
  type BondedWarehouseSimulatorOptions,
} from './simulator.js';
export * from './port.js';
