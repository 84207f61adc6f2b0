import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { fieldCipher, payloadCodec } from '../codec/index.js';
import { codecServerRoutes } from '../codec/codec-server.js';
import { codecSessions } from '../codec/sessions.js';
import { installErrorHandler } from './errors.js';
import { installMetrics } from './metrics.js';
import { createAdmission, type AdmissionSample } from './admission.js';
import { admissionLimits, admissionSample } from './admission-sample.js';
import { installRequestTracing } from '../observability/tracing-fastify.js';
import type { Tracer } from '@opentelemetry/api';
import { frameworkErrors, installInputGuards } from './input-guards.js';
import { installRateLimit } from './rate-limit.js';
import { callbackSystems } from './callbacks/systems.js';
import { callbackRoutes } from './routes/callbacks.routes.js';
import { deadLetterRoutes } from './routes/dead-letters.routes.js';
import { financeExposureRoutes } from './routes/finance-exposure.routes.js';
import { opsIdentity } from './ops-auth.js';
import { appendAudit } from '../db/audit.js';
import { signedCallbackSystem } from './callback-identity.js';
import { startSlaWatch } from './sla-watch.js';
import { healthRoutes } from './routes/health.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { enterpriseRoutes } from './routes/enterprises.routes.js';
import { financeConsentRoutes } from './routes/finance-consents.routes.js';
import { financeRoutes } from './routes/finance.routes.js';
import { evidenceKeyRoutes } from './routes/evidence-keys.routes.js';
import { pledgeRoutes } from './routes/pledge.routes.js';
import { creditInsuranceRoutes } from './routes/credit-insurance.routes.js';
import { insuranceRoutes } from './routes/insurance.routes.js';
import { opsRoutes } from './routes/ops.routes.js';
import { opsConsoleRoutes } from './routes/ops-console.routes.js';
import { opsPeopleRoutes } from './routes/ops-people.routes.js';
import { productRoutes } from './routes/products.routes.js';
import { summaryOpsRoutes } from './routes/summaries.routes.js';
import { stockRoutes } from './routes/stock.routes.js';
import { creditRoutes } from './routes/credit.routes.js';
import { reconciliationRoutes } from './routes/reconciliation.routes.js';
import { shipmentRoutes } from './routes/shipments.routes.js';
import { statisticsRoutes } from './routes/statistics.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { peopleRoutes } from './routes/people.routes.js';
import { installSecurityHeaders } from './security-headers.js';
import { installSessionGuard } from './session-guard.js';
import { webhooksSection } from './webhooks/openapi.js';
import { startWebhookDelivery } from './webhooks/delivery.js';
import { installConsole } from './console.js';

export interface AppDeps {
  db: Db;
  temporal: Client;
  config: Config;
  /** Fastify's pino logger: JSON lines on stdout, or on `stream` (tests capture the request log with it). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** A SERVER span per request (observability/tracing-fastify.ts); unset: no tracing. */
  tracer?: Tracer;
  /** What admission control reads (api/admission.ts); unset: the task queue's backlog from Temporal and the working set from the database. */
  admissionSample?: () => Promise<AdmissionSample>;
  /** The clock of the rate-limit windows (api/rate-limit.ts); unset: Date.now. Tests start at a window's beginning with it. */
  rateLimitClock?: () => number;
}

/** The REST API as a Fastify instance, without a socket (server.ts listens; tests inject). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    // one line per request from api/metrics.ts instead (route, status, duration, enterprise id; no URL or headers)
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For counts only from the configured reverse proxy (the rate limit keys on the client address)
    trustProxy: deps.config.TRUST_PROXY ? deps.config.TRUST_PROXY.split(',') : false,
  }).withTypeProvider<ZodTypeProvider>();
  const ops = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
  const systems = callbackSystems(deps.config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installSecurityHeaders(app);
  installErrorHandler(app);
  installRequestTracing(app, deps.tracer);
  const metrics = installMetrics(app, { db: deps.db, ops });
  await installRateLimit(app, {
    db: deps.db,
    ops,
    perMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    anonymousPerMinute: deps.config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    callbacksPerMinute: deps.config.RATE_LIMIT_CALLBACKS_PER_MINUTE,
    callbackSystem: (req) => signedCallbackSystem(req, systems),
    ...(deps.rateLimitClock ? { clock: deps.rateLimitClock } : {}),
  });
  installInputGuards(app);
  installSessionGuard(app, deps.db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cbec-hub API', version: '0.1.0', description: 'Shipments of a cross-border e-commerce pilot zone, each a Temporal workflow.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (machines): enterprise keys for enterprise routes, ops keys for ops routes' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cbec_session', description: 'A person signed in with POST /v1/session (the console). State-changing requests also need header x-csrf-token (docs/console-access.md)' },
        },
      },
      security: [{ apiKey: [] }, { sessionCookie: [] }],
      webhooks: webhooksSection(),
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(peopleRoutes(deps));
  const admission = deps.config.ADMISSION_CONTROL
    ? createAdmission({
        sample: deps.admissionSample ?? admissionSample(deps.db, deps.temporal, deps.config),
        limits: admissionLimits(deps.config),
        sampleEveryMs: deps.config.ADMISSION_SAMPLE_MS,
        log: app.log,
        metrics,
      })
    : undefined;
  await app.register(shipmentRoutes({ ...deps, admission }));
  await app.register(stockRoutes(deps));
  await app.register(financeRoutes(deps));
  await app.register(pledgeRoutes(deps));
  await app.register(insuranceRoutes(deps));
  await app.register(creditInsuranceRoutes(deps));
  await app.register(financeConsentRoutes(deps));
  await app.register(evidenceKeyRoutes(deps));
  await app.register(eventRoutes(deps));
  await app.register(webhookEndpointRoutes(deps));
  await app.register(creditRoutes(deps));
  await app.register(reconciliationRoutes(deps));
  await app.register(opsRoutes(deps));
  await app.register(opsConsoleRoutes(deps));
  await app.register(opsPeopleRoutes(deps));
  await app.register(
    codecServerRoutes({
      codec: payloadCodec(deps.config),
      corsOrigins: deps.config.CODEC_CORS_ORIGINS,
      sessions: codecSessions(deps.db),
      development: deps.config.development,
      opsActorOf: async (req) => (await opsIdentity(ops, req))?.actor,
      auditLogin: async (actor) => {
        await appendAudit(deps.db, { actor, action: 'codec.login', subjectType: 'codec', subjectId: 'session', detail: {} });
      },
    }),
  );
  await app.register(enterpriseRoutes(deps));
  await app.register(productRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(summaryOpsRoutes(deps));
  await app.register(statisticsRoutes(deps));
  await app.register(async (scope) => callbackRoutes(scope, { db: deps.db, temporal: deps.temporal, systems, cipher: fieldCipher(deps.config), maxAttempts: deps.config.CALLBACK_MAX_ATTEMPTS, redeliveryEveryMs: deps.config.CALLBACK_REDELIVERY_MS }));
  await app.register(deadLetterRoutes({ db: deps.db, ops }));
  await app.register(financeExposureRoutes({ db: deps.db, ops }));
  await installConsole(app);
  startSlaWatch(app, { db: deps.db, temporal: deps.temporal, everyMs: deps.config.SLA_WATCH_MS });
  startWebhookDelivery(app, {
    db: deps.db,
    cipher: fieldCipher(deps.config),
    development: deps.config.development,
    timeScale: deps.config.TIME_SCALE,
    everyMs: deps.config.WEBHOOK_DELIVERY_MS,
    retentionDays: deps.config.EVENT_RETENTION_DAYS,
    perEndpoint: deps.config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT,
  });
  return app;
}
