import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { startOrUndo } from './start-or-undo.js';

describe('startOrUndo', () => {
  it('keeps the row when the workflow starts, and when a repeat finds it already started', async () => {
    const undone: string[] = [];
    await startOrUndo(async () => 'started', async () => undone.push('row'));
    await startOrUndo(async () => { throw new WorkflowExecutionAlreadyStartedError('already started', 'loan:1', 'refundLoanWorkflow'); }, async () => undone.push('row'));
    expect(undone).toEqual([]);
  });

  it('undoes the row it wrote and answers 503 TEMPORAL_UNAVAILABLE when the service is down, even if the undo fails', async () => {
    const undone: string[] = [];
    const down = async () => { throw new Error('14 UNAVAILABLE: connection refused'); };
    const refused = await startOrUndo(down, async () => undone.push('row')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'TEMPORAL_UNAVAILABLE' });
    expect(undone).toEqual(['row']);
    await expect(startOrUndo(down, async () => { throw new Error('database gone too'); })).rejects.toMatchObject({ code: 'TEMPORAL_UNAVAILABLE' });
    // a repeat of a request whose row was already there undoes nothing
    await expect(startOrUndo(down, undefined)).rejects.toMatchObject({ statusCode: 503 });
  });
});
