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
export {
  CancellationSchema,
  CancelRequestSchema,
  CHINA_LAOS_CORRIDOR,
  ChinaLaosBookingSchema,
  ChinaLaosBookRequestSchema,
  ChinaLaosErrorCode,
  ConfirmLoadingRequestSchema,
  LaosHubSchema,
  LoadingConfirmationSchema,
  MILESTONES,
  MilestoneEventSchema,
} from './port.js';
export type {
  Cancellation,
  CancelRequest,
  ChinaLaosBooking,
  ChinaLaosBookRequest,
  ChinaLaosPort,
  ConfirmLoadingRequest,
  LaosHub,
  LoadingConfirmation,
  MilestoneEvent,
} from './port.js';
