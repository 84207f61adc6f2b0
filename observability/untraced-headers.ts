import type { Headers, WorkflowInterceptors } from '@temporalio/workflow';

/**
 * A workflow interceptors module, listed AFTER the OpenTelemetry one (worker/worker.ts
 * WORKFLOW_INTERCEPTOR_MODULES): in a workflow started without a trace context (the API traces
 * nothing: OTEL_EXPORTER_OTLP_ENDPOINT unset), it takes the `_tracer-data` header that the
 * OpenTelemetry module adds to every activity, local activity, child, signal and continue-as-new
 * back off before the command reaches the server. That header names a span no one exports, and
 * on a 9610 its eleven encrypted copies were ~1.1 KB of a ~24 KB history. With a trace context at
 * the start, every header stays and the trace runs on, as before.
 *
 * Replay-safe: headers are not part of the commands the server compares, and nothing here waits,
 * so no task's microtasks move.
 */
const TRACE_HEADER = '_tracer-data';

function untraced(headers: Headers): Headers {
  if (!(TRACE_HEADER in headers)) return headers;
  const { [TRACE_HEADER]: _dropped, ...rest } = headers;
  return rest;
}

export const interceptors = (): WorkflowInterceptors => {
  let traced = false;
  const strip = <T extends { headers: Headers }>(input: T): T => (traced ? input : { ...input, headers: untraced(input.headers) });
  return {
    inbound: [
      {
        execute(input, next) {
          traced = TRACE_HEADER in input.headers;
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(strip(input)),
        scheduleLocalActivity: (input, next) => next(strip(input)),
        startChildWorkflowExecution: (input, next) => next(strip(input)),
        signalWorkflow: (input, next) => next(strip(input)),
        continueAsNew: (input, next) => next(strip(input)),
      },
    ],
  };
};
