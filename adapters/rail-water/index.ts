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
export {
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  LoadingConfirmationSchema,
  MILESTONES,
  MilestoneEventSchema,
  RAIL_WATER_CORRIDOR,
  RailWaterBookingSchema,
  RailWaterBookRequestSchema,
  RailWaterErrorCode,
  RiverPortSchema,
  SeaPortSchema,
} from './port.js';
export type {
  Cancellation,
  CancelRequest,
  ConfirmLoadingRequest,
  LoadingConfirmation,
  MilestoneEvent,
  RailWaterBooking,
  RailWaterBookRequest,
  RailWaterPort,
  RiverPort,
  SeaPort,
} from './port.js';
