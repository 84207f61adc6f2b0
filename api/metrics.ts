import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { requireOpsRole, type OpsAuthDeps } from './ops-auth.js';
import { requestEnterpriseOf } from './request-enterprise.js';
import { CollectedGauge, Counter, Histogram, PROMETHEUS_CONTENT_TYPE, Registry } from '../observability/metrics.js';

/**
 * `GET /metrics` (Prometheus text, for an ops key of any role: Prometheus scrapes with a VIEWER
 * person's key as its bearer credential) and one JSON log line per request: method, route
 * pattern, status, duration and the enterprise id. No URL (query strings may carry personal
 * data), no headers (API keys), no bodies.
 */
export function installMetrics(app: FastifyInstance, deps: { db: Db; ops: OpsAuthDeps; gaugeCacheMs?: number }): Registry {
  const registry = new Registry();
  const requests = registry.register(new Counter('cbec_api_requests_total', 'API requests by method, route pattern and status code.'));
  const latency = registry.register(new Histogram('cbec_api_request_duration_seconds', 'API request latency by method, route pattern and status code.'));
  const cacheMs = deps.gaugeCacheMs ?? 15_000;
  let cached: { at: number; samples: { labels: Record<string, string>; value: number }[] } | undefined;
  registry.register(
    new CollectedGauge('cbec_shipments', 'Shipments in the projection by customs mode, status and stage (read from the database, cached 15 s).', async () => {
      if (cached && Date.now() - cached.at < cacheMs) return cached.samples;
      const rows = await deps.db.shipment.groupBy({ by: ['mode', 'status', 'stage'], _count: { _all: true } });
      const samples = rows.map((r) => ({ labels: { mode: r.mode, status: r.status, stage: r.stage }, value: r._count._all }));
      cached = { at: Date.now(), samples };
      return samples;
    }),
  );

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    const seconds = reply.elapsedTime / 1000;
    if (route !== '/metrics') {
      requests.inc(labels);
      latency.observe(labels, seconds);
    }
    const enterpriseId = requestEnterpriseOf(req);
    req.log.info({ method: req.method, route, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime), ...(enterpriseId ? { enterpriseId } : {}) }, 'request completed');
  });

  app.get('/metrics', { preValidation: requireOpsRole(deps.ops, 'VIEWER'), schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', PROMETHEUS_CONTENT_TYPE);
    return registry.metrics();
  });
  return registry;
}
