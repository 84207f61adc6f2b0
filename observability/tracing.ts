import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config/config.js';

export type ServiceName = 'cbec-api' | 'cbec-worker';

/** One process's tracing: its tracer, resource (service.name) and span processor (for the workflow sink). */
export interface Tracing {
  serviceName: ServiceName;
  tracer: Tracer;
  resource: Resource;
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/**
 * Span attributes that may leave the process: ids, routes and status codes only. Everything else
 * is dropped before export, whoever set it (the Temporal workflow sink merges the whole
 * WorkflowInfo, memo included, into workflow spans), so no personal data or secret can reach a
 * collector through an attribute.
 */
export const ALLOWED_ATTRIBUTES = new Set([
  'temporalWorkflowId', 'run_id', 'temporalActivityId', 'temporalUpdateId', // @temporalio/interceptors-opentelemetry
  'workflowId', 'runId', 'workflowType', 'namespace', 'taskQueue', 'attempt', // WorkflowInfo, from the workflow sink
  'http.request.method', 'http.route', 'http.response.status_code', 'url.path', 'server.address', 'server.port', 'error.type',
  'cbec.system', 'cbec.shipment_id',
  'exception.type', 'exception.message', // exception events; error messages never quote personal data (README)
]);

function keepAllowed(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) {
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (!ALLOWED_ATTRIBUTES.has(key) || !primitive) delete attributes[key];
  }
}

/** Wraps a span processor: spans reach it with only ALLOWED_ATTRIBUTES (also on their events). */
export class AllowedAttributesProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(...args: Parameters<SpanProcessor['onStart']>): void {
    this.next.onStart(...args);
  }
  onEnd(span: ReadableSpan): void {
    keepAllowed(span.attributes as Record<string, unknown>);
    for (const event of span.events) if (event.attributes) keepAllowed(event.attributes as Record<string, unknown>);
    this.next.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

let contextInstalled = false;
/** The process-wide parts: async context across awaits and W3C `traceparent` propagation. */
function installContext(): void {
  if (contextInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  contextInstalled = true;
}

/**
 * Starts tracing for one service when OTEL_EXPORTER_OTLP_ENDPOINT is set (else undefined and
 * nothing is installed): spans batched to `<endpoint>/v1/traces` (OTLP/HTTP JSON). The standard
 * SDK variables still apply (OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_SCHEDULE_DELAY,
 * OTEL_TRACES_SAMPLER…). `global` (default true) also makes it the process's global tracer
 * provider, which the adapter HTTP clients (adapters/kit/http.ts) use; the API and the worker in
 * one test process pass false for one of them.
 */
export function startTracing(config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT'>, serviceName: ServiceName, opts: { global?: boolean } = {}): Tracing | undefined {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  installContext();
  const resource = new Resource({ 'service.name': serviceName });
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const spanProcessor = new AllowedAttributesProcessor(new BatchSpanProcessor(exporter));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const global = opts.global ?? true;
  if (global) trace.setGlobalTracerProvider(provider);
  return {
    serviceName,
    tracer: provider.getTracer(serviceName),
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
      if (global) trace.disable();
    },
  };
}
