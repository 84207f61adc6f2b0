import { ApplicationFailure } from '@temporalio/common';
import { isAdapterError } from '../adapters/kit/errors.js';

/**
 * Runs an adapter call and turns its AdapterError into an ApplicationFailure whose `type` is
 * the stable error code: retryable codes are retried by Temporal (honouring Retry-After),
 * the others end the activity and reach the workflow.
 */
export async function callOutside<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAdapterError(err)) {
      throw ApplicationFailure.create({
        type: err.code,
        message: err.message,
        nonRetryable: !err.retryable,
        ...(err.retryAfterMs ? { nextRetryDelay: err.retryAfterMs } : {}),
        details: err.details ? [err.details] : [],
      });
    }
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code === 'DOCUMENT_KEY_TAKEN') {
      throw ApplicationFailure.create({ type: code, message: (err as Error).message, nonRetryable: true });
    }
    throw err;
  }
}
