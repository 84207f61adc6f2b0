export { createRailClient, type RailClientOptions } from './client.js';
export { createRailSimulator, HUBS, TERMINALS, type RailSimulatorOptions } from './simulator.js';
export {
  BookingSchema,
  BookRequestSchema,
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  CorridorSchema,
  LoadingConfirmationSchema,
  MilestoneEventSchema,
  RAIL_MILESTONES,
  RailErrorCode,
  RailMilestoneSchema,
} from './port.js';
export type {
  Booking,
  BookRequest,
  Cancellation,
  CancelRequest,
  ConfirmLoadingRequest,
  Corridor,
  LoadingConfirmation,
  MilestoneEvent,
  RailMilestone,
  RailPort,
} from './port.js';
