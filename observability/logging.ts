import { Context } from '@temporalio/activity';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, ActivityExecuteInput, Next } from '@temporalio/worker';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { HttpLogger } from '../adapters/kit/http.js';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines (pino) on stdout, or on `destination` (tests capture with it).
 * Secrets never reach it: config values are `Secret`s, adapter exchanges are redacted
 * (adapters/kit/redact.ts), and API request lines carry ids only (api/metrics.ts).
 */
export function createLogger(opts: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      ...(opts.name ? { name: opts.name } : {}),
      // belt and braces: never print these whatever a caller passes
      redact: { paths: ['authorization', 'apiKey', 'key', 'secret', '*.authorization', '*.apiKey', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    },
    opts.destination,
  );
}

/** Workflow id, shipment id and activity type of the activity running now; empty outside an activity. */
export function activityFields(): Record<string, unknown> {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return {};
  }
  const workflowId = info.workflowExecution?.workflowId;
  return {
    ...(workflowId ? { workflowId } : {}),
    ...(workflowId?.startsWith('shipment:') ? { shipmentId: workflowId } : {}),
    ...(info.workflowExecution?.runId ? { runId: info.workflowExecution.runId } : {}),
    workflowType: info.workflowType,
    activityType: info.activityType,
    activityId: info.activityId,
    attempt: info.attempt,
  };
}

/**
 * The adapter clients' redacting HttpLogger (adapters/kit/http.ts) writing to `logger`, with the
 * activity's ids on every line. A failed exchange inside an activity also counts in the SDK
 * metric `cbec_adapter_errors` (Prometheus: `cbec_adapter_errors_total{system,…}` on the worker's
 * WORKER_METRICS_ADDRESS, tagged with the activity and workflow type by the SDK).
 */
export function adapterHttpLogger(logger: Logger): HttpLogger {
  const line = (level: 'info' | 'warn' | 'debug') => (message: string, fields: Record<string, unknown>) => {
    logger[level]({ ...activityFields(), ...fields }, message);
  };
  return {
    info: line('info'),
    debug: line('debug'),
    warn(message, fields) {
      line('warn')(message, fields);
      countAdapterError(String(fields.system ?? 'unknown'));
    },
  };
}

function countAdapterError(system: string): void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return; // outside an activity: no metric meter
  }
  ctx.metricMeter.createCounter('cbec_adapter_errors', 'errors', 'Failed adapter HTTP exchanges (5xx, 4xx, timeouts, refused connections) per outside system').add(1, { system });
}

/**
 * An activity inbound interceptor: one debug line per activity attempt with workflow id, shipment
 * id, activity type, attempt, duration and (on failure) the adapter error code. The SDK itself
 * logs failed attempts at WARN through the Runtime logger (temporalLogger), with the same ids.
 */
export function activityLogInterceptor(logger: Logger): ActivityInterceptorsFactory {
  return () => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const started = Date.now();
        try {
          const result = await next(input);
          logger.debug({ ...activityFields(), durationMs: Date.now() - started }, 'Activity attempt completed');
          return result;
        } catch (err) {
          const e = err as { name?: string; message?: string; code?: unknown; retryable?: unknown };
          logger.debug({ ...activityFields(), durationMs: Date.now() - started, error: errorFields(e) }, 'Activity attempt failed');
          throw err;
        }
      },
    };
    return { inbound };
  };
}

/**
 * A Temporal SDK Logger (Runtime.install({ logger })) writing JSON through pino. Workflow and
 * activity `log` calls arrive with their context (workflowId, activityType, …) as metadata.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = { ...meta };
    if (fields.error instanceof Error) fields.error = errorFields(fields.error);
    delete fields.taskToken; // opaque and long; workflowId + activityId identify the attempt
    const workflowId = fields.workflowId;
    if (typeof workflowId === 'string' && workflowId.startsWith('shipment:')) fields.shipmentId = workflowId;
    logger[levels[level]](fields, message);
  };
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

function errorFields(e: unknown): Record<string, unknown> {
  const x = (e ?? {}) as { name?: unknown; message?: unknown; code?: unknown; retryable?: unknown; status?: unknown; cause?: unknown };
  return { name: x.name, message: x.message, ...(x.code !== undefined ? { code: x.code } : {}), ...(x.retryable !== undefined ? { retryable: x.retryable } : {}), ...(x.status !== undefined ? { status: x.status } : {}) };
}
