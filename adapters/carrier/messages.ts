/**
 * The loading, cancellation and milestone messages every carrier shares, re-exported as they are
 * by each carrier's port.ts (`export * from '../carrier/messages.js'`).
 */
export {
  CancellationSchema,
  CancelRequestSchema,
  ConfirmLoadingRequestSchema,
  LoadingConfirmationSchema,
  MILESTONES,
  MilestoneEventSchema,
} from './port.js';
export type { Cancellation, CancelRequest, ConfirmLoadingRequest, LoadingConfirmation, MilestoneEvent } from './port.js';
