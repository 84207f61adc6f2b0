import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApiError } from './errors.js';

/**
 * Starts the workflow behind a row the request just wrote. Already started (a repeat of the same
 * request) is success. Any other failure undoes the row when this request created it (`undo`;
 * its own failure is left for the next repeat to meet) and answers 503 TEMPORAL_UNAVAILABLE, so a
 * refused request leaves nothing behind.
 */
export async function startOrUndo(start: () => Promise<unknown>, undo: (() => Promise<unknown>) | undefined): Promise<void> {
  try {
    await start();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    if (undo) await undo().catch(() => undefined);
    throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service is unavailable; nothing was created, retry later');
  }
}
