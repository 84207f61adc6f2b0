import { ApplicationFailure, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { UpdateRejection } from '../workflows/contract.js';
import { ApiError } from './errors.js';
import { runUpdate, UPDATE_ATTEMPTS } from './shipment-actions.js';

const refusedWith = (cause: Error) => () => Promise.reject(new WorkflowUpdateFailedError('Workflow Update failed', cause));

async function apiErrorOf(fn: () => Promise<never>): Promise<ApiError> {
  const err = await runUpdate(fn).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('runUpdate', () => {
  it("answers a validator's refusal with its ApplicationFailure type as the 409 code", async () => {
    const failure = ApplicationFailure.create({ type: UpdateRejection.NOT_REJECTED, message: 'only a rejected declaration can be corrected', nonRetryable: true });
    const err = await apiErrorOf(refusedWith(failure));
    expect({ status: err.statusCode, code: err.code, message: err.message }).toEqual({ status: 409, code: 'NOT_REJECTED', message: 'only a rejected declaration can be corrected' });
  });

  it('reads no code out of message text, and passes on no unknown failure type or text', async () => {
    const err = await apiErrorOf(refusedWith(new Error('NOT_REJECTED: internal detail')));
    expect({ code: err.code, message: err.message }).toEqual({ code: 'UPDATE_REJECTED', message: 'the shipment refused this change' });
    const odd = await apiErrorOf(refusedWith(ApplicationFailure.create({ type: 'TypeError', message: 'x is undefined' })));
    expect(odd.code).toBe('UPDATE_REJECTED');
  });

  it('answers an ended workflow as SHIPMENT_CLOSED', async () => {
    const err = await apiErrorOf(() => Promise.reject(new WorkflowNotFoundError('not found', 'wf', undefined)));
    expect({ status: err.statusCode, code: err.code }).toEqual({ status: 409, code: 'SHIPMENT_CLOSED' });
  });

  it('sends an update that got no answer again under the same update id (applied at most once), then answers', async () => {
    const ids: string[] = [];
    const pauses: number[] = [];
    // the server failed the workflow task that carried the update (it also ended the workflow while a signal came in)
    const notReady = Object.assign(new Error('9 FAILED_PRECONDITION: Unable to perform workflow execution update due to unexpected workflow task failure.'), { code: 9, details: 'Unable to perform workflow execution update due to unexpected workflow task failure.', metadata: {} });
    const state = await runUpdate(async (updateId) => {
      ids.push(updateId);
      if (ids.length === 1) throw new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled');
      if (ids.length === 2) throw new ServiceError('Workflow Update failed', { cause: notReady });
      return { status: 'INSPECTION' } as never;
    }, async (ms) => void pauses.push(ms));
    expect(state).toEqual({ status: 'INSPECTION' });
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(pauses).toEqual(UPDATE_ATTEMPTS.slice(1));
  });

  it('answers 503 TEMPORAL_UNAVAILABLE when no attempt got an answer, and passes on any other service error', async () => {
    let calls = 0;
    const err = await runUpdate(() => {
      calls++;
      return Promise.reject(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout'));
    }, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect({ status: (err as ApiError).statusCode, code: (err as ApiError).code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    expect(calls).toBe(UPDATE_ATTEMPTS.length);
    const invalid = new ServiceError('Workflow Update failed', { cause: Object.assign(new Error('3 INVALID_ARGUMENT'), { code: 3, details: 'x', metadata: {} }) });
    let once = 0;
    await expect(runUpdate(() => (once++, Promise.reject(invalid)), async () => undefined)).rejects.toBe(invalid);
    expect(once).toBe(1);
  });
});
