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
export {
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  ItemNo,
  LoadingConfirmationSchema,
  LogisticsNo,
  MILESTONES,
  MilestoneEventSchema,
  ParcelSchema,
  POSTAL_CORRIDOR,
  PostalBookingSchema,
  PostalBookRequestSchema,
  PostalErrorCode,
  PostalServiceSchema,
} from './port.js';
export type {
  Cancellation,
  CancelRequest,
  ConfirmLoadingRequest,
  LoadingConfirmation,
  MilestoneEvent,
  Parcel,
  PostalBooking,
  PostalBookRequest,
  PostalPort,
  PostalService,
} from './port.js';
