import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/client.js';
import type { Outcome } from './inbox.js';

export type { Outcome } from './inbox.js';

/** What processing a callback needs: the database (routing and binding) and Temporal (signals). */
export interface DeliverDeps {
  db: Db;
  temporal: Client;
}

export type WorkflowHandle = ReturnType<Client['workflow']['getHandle']>;

/** The result of processing one callback: the outcome stored, the shipment it was for (if known). */
export interface Processed {
  outcome: Outcome;
  shipmentId?: string;
}

/**
 * A callback that is well-formed and authentic but does not count: it comes from a system the
 * shipment does not use, names a number the shipment was not given, or reports what is not the
 * sender's to report. Stored with outcome REFUSED and answered with `status`, `code` and `field`;
 * the rightful system's callback still works.
 */
export class CallbackRefused extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly code: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends a signal; a workflow that has already ended is an outcome, not an error. */
export async function deliver(send: () => Promise<void>): Promise<Outcome> {
  try {
    await send();
    return 'DELIVERED';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'WORKFLOW_CLOSED';
    throw err;
  }
}

/** The outcome of a callback carrying several notices (receipts, bills, results): the most telling one. */
export function summarize(outcomes: Outcome[]): Outcome {
  for (const o of ['DELIVERED', 'WORKFLOW_CLOSED', 'UNMATCHED'] as const) if (outcomes.includes(o)) return o;
  return 'IGNORED';
}
