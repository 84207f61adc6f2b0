import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../adapters/kit/http.js';
import { ALLOWED_ATTRIBUTES } from '../../observability/tracing.js';
import { enterBondedStock, order1210, readers } from '../support/imports.js';
import { shipment9610 } from '../support/fixtures.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

/** What a local OTLP/HTTP receiver got: each span with its resource's service.name. */
interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean }
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: { key: string; value: OtlpValue }[] }
interface Received { service: string; span: OtlpSpan }

const bodies: string[] = [];
const spans: Received[] = [];
let receiver: Server;
let p: Platform;

beforeAll(async () => {
  // an OTLP/HTTP (JSON) collector on a free port, as Jaeger / Tempo / the OTel Collector accept on :4318
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        bodies.push(text);
        const body = JSON.parse(text) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of body.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ service, span });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  process.env.OTEL_BSP_SCHEDULE_DELAY = '200'; // standard SDK variable: export batches every 200 ms
  p = await startPlatform({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` } });
});
afterAll(async () => {
  await p?.stop();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.boolValue);
};
const SERVER = 2;
const CLIENT = 3;

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('link the API request, the workflow start and run, activities and adapter HTTP calls in one trace', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('TRACE-1') });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    await readers(p).reaches(id, ['COMPLETED']); // RunWorkflow ends (and is exported) when the workflow completes

    const chain = await eventually(async () => {
      const request = spans.find((s) => s.span.name === 'POST /v1/shipments' && s.span.kind === SERVER);
      if (!request) return undefined;
      const trace = spans.filter((s) => s.span.traceId === request.span.traceId);
      const childOf = (parent: Received, name: RegExp, service: string) =>
        trace.filter((s) => s.span.parentSpanId === parent.span.spanId && name.test(s.span.name) && s.service === service);
      const start = childOf(request, /^StartWorkflow:shipmentWorkflow$/, 'cbec-api')[0];
      const run = start && childOf(start, /^RunWorkflow:shipmentWorkflow$/, 'cbec-worker')[0];
      const startActivities = run ? childOf(run, /^StartActivity:/, 'cbec-worker') : [];
      const runActivities = startActivities.flatMap((a) => childOf(a, /^RunActivity:/, 'cbec-worker'));
      const adapterCalls = runActivities.flatMap((a) => trace.filter((s) => s.span.parentSpanId === a.span.spanId && s.span.kind === CLIENT));
      return adapterCalls.length ? { request, start: start!, run: run!, runActivities, adapterCalls } : undefined;
    }, 'a complete trace at the OTLP receiver');

    expect(chain.request.service).toBe('cbec-api');
    expect(attr(chain.request.span, 'http.route')).toBe('/v1/shipments');
    expect(attr(chain.request.span, 'http.response.status_code')).toBe(202);
    expect(attr(chain.start.span, 'temporalWorkflowId')).toBe(id);
    expect(attr(chain.run.span, 'workflowId')).toBe(id);
    expect(chain.runActivities.every((a) => attr(a.span, 'temporalWorkflowId') === id)).toBe(true);
    const systems = chain.adapterCalls.map((c) => attr(c.span, 'cbec.system'));
    expect(systems).toContain('single-window');
    for (const call of chain.adapterCalls) {
      expect(call.service).toBe('cbec-worker');
      expect(attr(call.span, 'http.response.status_code')).toBeTypeOf('number');
    }
    // one trace id for the whole chain
    const ids = new Set([chain.request, chain.start, chain.run, ...chain.runActivities, ...chain.adapterCalls].map((s) => s.span.traceId));
    expect(ids.size).toBe(1);
  });

  it('sends the W3C traceparent of the adapter span to the outside system', async () => {
    const seen: (string | undefined)[] = [];
    const system = createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => system.listen(0, '127.0.0.1', r));
    try {
      const http = createHttpClient({ system: 'tax', baseUrl: `http://127.0.0.1:${(system.address() as AddressInfo).port}` });
      // the worker's provider is the process's global one (adapters use it)
      const parent = await trace.getTracer('test').startActiveSpan('parent', async (span) => {
        await http.getJson('/records/1?idNumber=511702199003071238');
        span.end();
        return span.spanContext();
      });
      const [, traceId, spanId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(seen[0] ?? '') ?? [];
      expect(traceId).toBe(parent.traceId);
      const call = await eventually(async () => spans.find((s) => s.span.spanId === spanId), 'the adapter span');
      expect(call.span).toMatchObject({ name: 'GET tax', kind: CLIENT, parentSpanId: parent.spanId });
      expect(attr(call.span, 'url.path')).toBe('/records/1'); // never the query
      expect(attr(call.span, 'http.response.status_code')).toBe(200);
    } finally {
      await new Promise<void>((r) => system.close(() => r()));
    }
  });

  it('never exports personal data: a 1210 order\'s buyer name, phone and ID number are in no span', async () => {
    await enterBondedStock(p, 'TRACE-ENTRY-1', [{ sku: 'AU-MILK-900', name: '婴儿配方奶粉', qty: 10 }, { sku: 'FR-SERUM-30', name: '精华液', qty: 10 }]);
    const order = order1210('TRACE-1210-1', 7);
    const created = await p.api.POST('/v1/shipments', { body: order });
    expect(created.response.status, JSON.stringify(created.error)).toBe(202);
    const id = created.data!.id;
    // wait until the order went to the Single Window (CEB311 carries the buyer) under a traced activity
    await eventually(async () => {
      const runs = spans.filter((s) => s.span.name.startsWith('RunActivity:') && attr(s.span, 'temporalWorkflowId') === id).map((s) => s.span.spanId);
      return spans.some((s) => s.span.kind === CLIENT && runs.includes(s.span.parentSpanId ?? '') && attr(s.span, 'cbec.system') === 'single-window') || undefined;
    }, 'adapter spans of the 1210 order');

    const everything = bodies.join('\n');
    for (const secret of [order.buyer.name, order.buyer.telephone, order.buyer.idNumber, order.consignee.telephone, order.consignee.address, p.apiKey]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(JSON.stringify(secret).slice(1, -1)); // also as JSON-escaped text
    }
    for (const { span } of spans) for (const a of span.attributes ?? []) expect(ALLOWED_ATTRIBUTES.has(a.key), `attribute ${a.key} on ${span.name}`).toBe(true);
  });
});
