import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { UpdateRejection } from '../workflows/contract.js';
import { ApiError } from './errors.js';
import { runUpdate } from './shipment-actions.js';

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
});
