export { createChinaLaosClient, type ChinaLaosClientOptions } from './client.js';
export {
  BORDER,
  BORDER_INSPECTION,
  createChinaLaosSimulator,
  DESTINATIONS as CHINA_LAOS_DESTINATIONS,
  HUBS as CHINA_LAOS_HUBS,
  MOHAN,
  VIENTIANE,
  type ChinaLaosSimulatorOptions,
} from './simulator.js';
export * from './port.js';
