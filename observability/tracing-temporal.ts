import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { Tracing } from './tracing.js';

/**
 * The workflow interceptors module of @temporalio/interceptors-opentelemetry (RunWorkflow,
 * StartActivity, HandleSignal/HandleUpdate spans inside the workflow sandbox). It is ALWAYS in the
 * workflow bundle, traced or not, so that turning tracing on or off never changes the workflow
 * code that replays running shipments; untraced, its spans go to a sink that drops them.
 * test/replay replays the golden histories with it.
 */
export const WORKFLOW_TRACING_MODULES: string[] = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/** Client interceptors carrying the trace context on StartWorkflow, Signal, Update (api/server.ts). */
export function tracingClientInterceptors(tracing: Tracing | undefined): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}

/** RunActivity spans, children of the workflow's StartActivity span (from the activity headers). */
export function tracingActivityInterceptor(tracing: Tracing): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
  });
}

/** The workflow span sink: to the worker's span processor when traced, else dropped. */
export function tracingSinks(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  return { exporter: tracing ? makeWorkflowExporter(tracing.spanProcessor, tracing.resource) : { export: { fn: () => undefined } } };
}
