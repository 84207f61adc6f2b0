import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, isGrpcServiceError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { UpdateRejection, type ShipmentState } from '../workflows/contract.js';
import { ApiError } from './errors.js';

/** What the API answers of a shipment's state after an update (StateBody). */
export function stateOf(s: ShipmentState) {
  const hold = s.refundHold;
  return {
    status: s.status, stage: s.stage, revision: s.revision,
    ...(s.lastRejection ? { lastRejection: s.lastRejection } : {}),
    ...(hold ? { refundHold: { reason: hold.reason, hsCodes: hold.hsCodes, exportDate: hold.exportDate, since: hold.since, retries: hold.retries } } : {}),
  };
}

const REJECTIONS: ReadonlySet<string> = new Set(Object.values(UpdateRejection));

/**
 * gRPC codes that mean the update was not applied and may be sent again: CANCELLED 1,
 * DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, ABORTED 10, UNAVAILABLE 14 (a busy or restarting
 * service), and FAILED_PRECONDITION 9, the server's WorkflowNotReady: "Unable to perform workflow
 * execution update due to unexpected workflow task failure". The server failed the workflow task
 * that carried the update while completing it and dropped the update with it; the next task runs
 * without it (temporalio/temporal service/history/workflow/update errors_failures.go,
 * abort_reason.go). Seen under load in CI on an inspection that seized the goods (the API answered
 * 500 for an update that had not happened); which check failed that task the log did not say.
 */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 4, 8, 9, 10, 14]);

/** The update call got no answer, or the server dropped the update unapplied: nothing says it was refused. */
export function isTransientUpdateError(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && TRANSIENT_CODES.has(grpc.code);
}

/** Attempts of one update before the API answers 503, and the pause before each repeat. */
export const UPDATE_ATTEMPTS = [0, 250, 1000] as const;

/**
 * Sends a workflow update. `fn` gets one update id for the whole request: a call that got no answer
 * (isTransientUpdateError) is sent again with the same id, which Temporal applies at most once;
 * after UPDATE_ATTEMPTS it answers 503 TEMPORAL_UNAVAILABLE (the caller may send it again).
 * Any other error is the caller's to map.
 */
export async function sendUpdate<T>(fn: (updateId: string) => Promise<T>, pause: (ms: number) => Promise<unknown> = sleep): Promise<T> {
  const updateId = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(updateId);
    } catch (err) {
      if (!isTransientUpdateError(err)) throw err;
      const next = UPDATE_ATTEMPTS[attempt + 1];
      if (next === undefined) throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service did not take the change in time; retry later');
      await pause(next);
    }
  }
}

/**
 * Runs a shipment workflow update (sendUpdate). A refusal by its validator (an ApplicationFailure
 * whose type is an `UpdateRejection`) becomes 409 with that code; any other failure 409 UPDATE_REJECTED.
 */
export async function runUpdate(fn: (updateId: string) => Promise<ShipmentState>, pause?: (ms: number) => Promise<unknown>): Promise<ShipmentState> {
  try {
    return await sendUpdate(fn, pause);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      if (cause instanceof ApplicationFailure && cause.type && REJECTIONS.has(cause.type)) throw new ApiError(409, cause.type, cause.message);
      throw new ApiError(409, 'UPDATE_REJECTED', 'the shipment refused this change');
    }
    if (err instanceof WorkflowNotFoundError) throw new ApiError(409, UpdateRejection.SHIPMENT_CLOSED, 'the shipment workflow has ended');
    throw err;
  }
}

/**
 * The audit entry of a workflow action that has already taken effect: a failure to record it is
 * logged, not turned into an error the caller would retry. Free-text reasons stay out of the
 * trail (they may name people); the workflow history keeps them.
 */
export async function audit(db: Db, req: FastifyRequest, e: { actor: string; action: string; subjectId: string; detail: Record<string, unknown> }): Promise<void> {
  try {
    await appendAudit(db, { ...e, subjectType: 'shipment' });
  } catch (err) {
    req.log.error({ err, action: e.action, subjectId: e.subjectId }, 'Audit entry could not be written');
  }
}
