export { createLandSeaClient, type LandSeaClientOptions } from './client.js';
export {
  createLandSeaSimulator,
  DESTINATIONS as LAND_SEA_DESTINATIONS,
  MISSED_VESSEL,
  QINZHOU_PORT,
  QINZHOU_PORT_EAST,
  RAIL_HEADS,
  type LandSeaSimulatorOptions,
} from './simulator.js';
export * from './port.js';
