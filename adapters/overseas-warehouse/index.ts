export { createOverseasWarehouseClient, type OverseasWarehouseClientOptions } from './client.js';
export {
  createOverseasWarehouseSimulator,
  OVERSEAS_SALES,
  OVERSEAS_TIMING,
  OVERSEAS_WAREHOUSES,
  type OverseasWarehouse,
  type OverseasWarehouseSimulatorOptions,
} from './simulator.js';
export * from './port.js';
