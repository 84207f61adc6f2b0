import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * One SERVER span per API request, named `<METHOD> <route pattern>`, child of an incoming W3C
 * `traceparent` when the caller sent one. The route handler (and so the Temporal client
 * interceptor's StartWorkflow / SignalWorkflow / StartWorkflowUpdate spans) runs inside it.
 * Attributes: method, route pattern, status code; never the URL, headers or body.
 */
export function installRequestTracing(app: FastifyInstance, tracer: Tracer | undefined): void {
  if (!tracer) return;
  const spans = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();
  app.addHook('onRequest', (req, _reply, done) => {
    const route = req.routeOptions.url;
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(route ? `${req.method} ${route}` : req.method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, ...(route ? { 'http.route': route } : {}) },
    }, parent);
    spans.set(req, { span, ctx: trace.setSpan(parent, span) });
    done();
  });
  // after body parsing: the handler runs in the request span's context (async context follows its awaits)
  app.addHook('preHandler', (req, _reply, done) => {
    const entry = spans.get(req);
    if (entry) context.with(entry.ctx, done);
    else done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const entry = spans.get(req);
    if (entry) {
      entry.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
      entry.span.end();
      spans.delete(req);
    }
    done();
  });
}
