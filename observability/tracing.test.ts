import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../adapters/kit/http.js';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../config/config.js';
import { AllowedAttributesProcessor, startTracing } from './tracing.js';

describe('tracing', () => {
  it('is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and the endpoint must be a URL', () => {
    expect(startTracing(loadConfig({ CBEC_ENV: 'development' }), 'cbec-api')).toBeUndefined();
    expect(() => loadConfig({ CBEC_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(loadConfig({ CBEC_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
  });

  it('exports only allowed, primitive attributes (ids, route, status), also on events', () => {
    const ended: ReadableSpan[] = [];
    const next = { onStart() {}, onEnd: (s: ReadableSpan) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} } satisfies SpanProcessor;
    const span = {
      attributes: { workflowId: 'shipment:e:1', 'http.route': '/v1/shipments', memo: { buyer: '张三' }, 'buyer.name': '张三', searchAttributes: { X: ['y'] }, lastResult: 'x' },
      events: [{ name: 'exception', time: [0, 0], attributes: { 'exception.message': 'bank: answered 503', 'exception.stacktrace': 'at …', phone: '13800000000' } }],
    } as unknown as ReadableSpan;
    new AllowedAttributesProcessor(next).onEnd(span);
    expect(ended[0]!.attributes).toEqual({ workflowId: 'shipment:e:1', 'http.route': '/v1/shipments' });
    expect(ended[0]!.events[0]!.attributes).toEqual({ 'exception.message': 'bank: answered 503' });
  });

  it('off, adapter calls send no traceparent (nothing installed)', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await createHttpClient({ system: 'tax', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }).getJson('/x');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    expect(seen).toEqual([undefined]);
  });
});
