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
export {
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  LAND_SEA_CORRIDOR,
  LandSeaBookingSchema,
  LandSeaBookRequestSchema,
  LandSeaErrorCode,
  LoadingConfirmationSchema,
  MILESTONES,
  MilestoneEventSchema,
  RailHeadSchema,
} from './port.js';
export type {
  Cancellation,
  CancelRequest,
  ConfirmLoadingRequest,
  LandSeaBooking,
  LandSeaBookRequest,
  LandSeaPort,
  LoadingConfirmation,
  MilestoneEvent,
  RailHead,
} from './port.js';
