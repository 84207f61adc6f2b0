import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { carrierEndpoints, fxProviderEndpoints, warehouseEndpoints, type Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { fieldCipher, payloadCodec } from '../codec/index.js';
import { codecServerRoutes } from '../codec/codec-server.js';
import { installErrorHandler } from './errors.js';
import { installMetrics } from './metrics.js';
import { installRequestTracing } from '../observability/tracing-fastify.js';
import type { Tracer } from '@opentelemetry/api';
import { frameworkErrors, installInputGuards } from './input-guards.js';
import { installRateLimit } from './rate-limit.js';
import { callbackRoutes } from './routes/callbacks.routes.js';
import { startSlaWatch } from './sla-watch.js';
import { healthRoutes } from './routes/health.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { enterpriseRoutes } from './routes/enterprises.routes.js';
import { opsRoutes } from './routes/ops.routes.js';
import { productRoutes } from './routes/products.routes.js';
import { summaryOpsRoutes } from './routes/summaries.routes.js';
import { stockRoutes } from './routes/stock.routes.js';
import { creditRoutes } from './routes/credit.routes.js';
import { reconciliationRoutes } from './routes/reconciliation.routes.js';
import { shipmentRoutes } from './routes/shipments.routes.js';
import { statisticsRoutes } from './routes/statistics.routes.js';

export interface AppDeps {
  db: Db;
  temporal: Client;
  config: Config;
  /** Fastify's pino logger: JSON lines on stdout, or on `stream` (tests capture the request log with it). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** A SERVER span per request (observability/tracing-fastify.ts); unset: no tracing. */
  tracer?: Tracer;
}

/** The REST API as a Fastify instance, without a socket (server.ts listens; tests inject). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    // one line per request from api/metrics.ts instead (route, status, duration, enterprise id; no URL or headers)
    disableRequestLogging: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installRequestTracing(app, deps.tracer);
  installMetrics(app, { db: deps.db });
  installRateLimit(app, { perMinute: deps.config.RATE_LIMIT_PER_MINUTE });
  installInputGuards(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cbec-hub API', version: '0.1.0', description: 'Shipments of a cross-border e-commerce pilot zone, each a Temporal workflow.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(shipmentRoutes(deps));
  await app.register(stockRoutes(deps));
  await app.register(creditRoutes(deps));
  await app.register(reconciliationRoutes(deps));
  await app.register(opsRoutes({ db: deps.db, temporal: deps.temporal, opsKey: deps.config.OPS_API_KEY }));
  await app.register(codecServerRoutes({ codec: payloadCodec(deps.config), opsKey: deps.config.OPS_API_KEY, corsOrigins: deps.config.CODEC_CORS_ORIGINS }));
  await app.register(enterpriseRoutes(deps));
  await app.register(productRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(summaryOpsRoutes(deps));
  await app.register(statisticsRoutes(deps));
  await app.register(async (scope) =>
    callbackRoutes(scope, {
      db: deps.db,
      temporal: deps.temporal,
      cipher: fieldCipher(deps.config),
      secrets: {
        singleWindow: deps.config.SINGLE_WINDOW_CALLBACK_SECRET,
        banks: Object.fromEntries(Object.entries(fxProviderEndpoints(deps.config)).map(([id, e]) => [id, e.secret])),
        carriers: Object.fromEntries(Object.entries(carrierEndpoints(deps.config)).map(([id, e]) => [id, e.secret])),
        warehouses: Object.fromEntries(Object.entries(warehouseEndpoints(deps.config)).map(([id, e]) => [id, e.secret])),
      },
    }),
  );
  startSlaWatch(app, { db: deps.db, temporal: deps.temporal, everyMs: deps.config.SLA_WATCH_MS });
  return app;
}
