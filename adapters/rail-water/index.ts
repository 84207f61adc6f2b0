export { createRailWaterClient, type RailWaterClientOptions } from './client.js';
export {
  createRailWaterSimulator,
  DESTINATIONS as RAIL_WATER_DESTINATIONS,
  LOCK_QUEUE,
  RIVER_PORTS,
  SEA_PORTS,
  THREE_GORGES_LOCK,
  type RailWaterSimulatorOptions,
} from './simulator.js';
export * from './port.js';
