/**
 * The argument field in which a shipment workflow hands waiting projection writes to an activity
 * (workflows/shipment/options.ts); the worker applies and removes it before the activity runs
 * (worker/projection-interceptor.ts).
 */
export const PROJECTION_ARG = '_projection';
