import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { Db } from '../db/client.js';
import { applyProjectionUpdates } from '../db/projection.js';
import { PROJECTION_ARG, type ProjectionUpdate } from '../domain/projection.js';

/**
 * Applies the projection writes a shipment workflow sent along with an activity call
 * (workflows/shipment/options.ts), before the activity's own work, then runs the activity
 * without them. A retried attempt applies them again, which changes nothing (sequence-guarded);
 * a database failure fails the attempt before any outside call, and Temporal retries it.
 */
export function projectionInterceptor(db: Db): ActivityInterceptorsFactory {
  return () => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const [first, ...rest] = input.args;
        if (!first || typeof first !== 'object' || !(PROJECTION_ARG in first)) return next(input);
        const { [PROJECTION_ARG]: updates, ...arg } = first as Record<string, unknown>;
        await applyProjectionUpdates(db, updates as ProjectionUpdate[]);
        return next({ ...input, args: [arg, ...rest] });
      },
    };
    return { inbound };
  };
}
