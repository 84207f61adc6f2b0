export { createPostalClient, type PostalClientOptions } from './client.js';
export {
  createPostalSimulator,
  DESTINATIONS as POSTAL_DESTINATIONS,
  EXCHANGE_BACKLOG,
  parcelsOf,
  POSTAL_SITE,
  s10,
  SERVICES as POSTAL_SERVICES,
  type PostalSimulatorOptions,
} from './simulator.js';
export * from './port.js';
