import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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
 * Runs a workflow update. A refusal by its validator (an ApplicationFailure whose type is an
 * `UpdateRejection`) becomes 409 with that code; any other failure 409 UPDATE_REJECTED.
 */
export async function runUpdate(fn: () => Promise<ShipmentState>): Promise<ShipmentState> {
  try {
    return await fn();
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
