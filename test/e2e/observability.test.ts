import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p?.stop());

describe('GET /metrics on the API', () => {
  it('serves Prometheus text with request counts, latency histograms and shipments per status', async () => {
    const created = await p.api.POST('/v1/shipments', { body: shipment9610('OBS-METRICS-1') });
    expect(created.response.status).toBe(202);
    await p.api.GET('/v1/shipments', { params: { query: {} } });
    await p.api.GET('/v1/shipments', { params: { query: {} } });
    expect((await fetch(`${p.apiUrl}/v1/shipments`)).status).toBe(401);

    // ops only (issue 14 item 10): Prometheus scrapes with an ops key
    expect((await fetch(`${p.apiUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${p.apiUrl}/metrics`, { headers: { authorization: `Bearer ${p.apiKey}` } })).status).toBe(403);
    const res = await fetch(`${p.apiUrl}/metrics`, { headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE cbec_api_requests_total counter');
    expect(text).toContain('cbec_api_requests_total{method="GET",route="/v1/shipments",status="200"} 2');
    expect(text).toContain('cbec_api_requests_total{method="GET",route="/v1/shipments",status="401"} 1');
    expect(text).toContain('cbec_api_requests_total{method="POST",route="/v1/shipments",status="202"} 1');
    expect(text).toMatch(/cbec_api_request_duration_seconds_bucket\{method="GET",route="\/v1\/shipments",status="200",le="\+Inf"\} 2/);
    expect(text).toMatch(/cbec_api_request_duration_seconds_count\{method="POST",route="\/v1\/shipments",status="202"\} 1/);
    expect(text).toMatch(/# TYPE cbec_shipments gauge\ncbec_shipments\{mode="9610",status="[A-Z_]+",stage="[a-z_-]+"\} 1/);
    expect(text).not.toContain(p.apiKey);
  });
});

describe('the API request log', () => {
  it('has one JSON line per request with route, status and enterprise id, never the key or the URL', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp({ db: p.db, temporal: p.temporal, config: p.config, logger: { level: 'info', stream: { write: (l) => void lines.push(JSON.parse(l) as Record<string, unknown>) } } });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/shipments?status=COMPLETED', headers: { authorization: `Bearer ${p.apiKey}` } });
      expect(res.statusCode).toBe(200);
      await app.inject({ method: 'GET', url: '/v1/shipments', headers: { authorization: 'Bearer not-a-valid-key-123' } });
    } finally {
      await app.close();
    }
    const requests = lines.filter((l) => l.msg === 'request completed');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 30, method: 'GET', route: '/v1/shipments', status: 200, enterpriseId: p.enterpriseId });
    expect(requests[1]).toMatchObject({ status: 401 });
    expect(requests[1]).not.toHaveProperty('enterpriseId');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(p.apiKey);
    expect(text).not.toContain('not-a-valid-key-123');
    expect(text).not.toContain('status=COMPLETED');
  });
});
