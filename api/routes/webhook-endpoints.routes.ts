import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fieldCipher } from '../../codec/index.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { attemptsOf, createEndpoint, endpointOf, endpointsOf, endpointView, replayEvents, rotateSecret, setEndpointState, updateEndpoint } from '../../db/webhook-endpoints.js';
import { authenticate, type Caller } from '../auth.js';
import { ApiError } from '../errors.js';
import { requireOpsRole } from '../ops-auth.js';
import { ErrorBody, IdParams } from '../schemas.js';
import { AttemptList, AttemptsQuery, Endpoint, EndpointCreate, EndpointList, EndpointUpdate, EndpointWithSecret, ReplayBody, ReplayResult, RotateBody } from '../webhooks/schemas.js';
import { newWebhookSecret } from '../webhooks/signing.js';
import { parseTargetUrl, resolveTarget, TargetRefused } from '../webhooks/target.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const tags = ['webhooks'];

/** An enterprise's webhook endpoints (docs/webhooks.md); ops list them per enterprise. */
export const webhookEndpointRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const cipher = fieldCipher(deps.config);
    const checkUrl = async (url: string): Promise<string> => {
      try {
        // development accepts any host (the example receiver on loopback): no resolution needed until a delivery
        if (deps.config.development) return parseTargetUrl(url, { development: true }).toString();
        return (await resolveTarget(url, { development: false })).url.toString();
      } catch (err) {
        if (err instanceof TargetRefused) throw new ApiError(422, err.code, err.message, [{ path: 'body.url', message: err.message }]);
        throw err;
      }
    };
    /** The endpoint's owner acts; ops only read (db/audit.ts actor form). */
    const actorOf = (caller: Caller) => `enterprise:${caller.enterpriseId}`;
    const own = async (caller: Caller, id: string) => {
      const row = await endpointOf(deps.db, caller.enterpriseId, id);
      // another enterprise's endpoint is as unknown as a made-up id
      if (!row) throw new ApiError(404, 'NOT_FOUND', 'no such webhook endpoint', [{ path: 'params.id', message: 'unknown' }]);
      return row;
    };

    app.post('/v1/webhook-endpoints', {
      schema: { tags, operationId: 'createWebhookEndpoint', summary: 'Register a webhook endpoint; its signing secret is shown once, in this answer', body: EndpointCreate, response: { 201: EndpointWithSecret, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      const url = await checkUrl(req.body.url);
      const secret = newWebhookSecret();
      const row = await createEndpoint(deps.db, actorOf(caller), { enterpriseId: caller.enterpriseId, url, description: req.body.description, eventTypes: req.body.eventTypes, sealedSecret: cipher.seal(secret) });
      if (!row) throw new ApiError(409, 'WEBHOOK_ENDPOINT_LIMIT', 'an enterprise may hold at most 20 webhook endpoints; delete one first');
      return reply.code(201).send({ ...endpointView(row), secret });
    });

    app.get('/v1/webhook-endpoints', {
      schema: { tags, operationId: 'listWebhookEndpoints', summary: "The caller's webhook endpoints", response: { 200: EndpointList, 401: ErrorBody } },
    }, async (req) => ({ items: (await endpointsOf(deps.db, (await authenticate(deps.db, req)).enterpriseId)).map(endpointView) }));

    app.get('/v1/webhook-endpoints/:id', {
      schema: { tags, operationId: 'getWebhookEndpoint', summary: 'One webhook endpoint', params: IdParams, response: { 200: Endpoint, ...errors } },
    }, async (req) => endpointView(await own(await authenticate(deps.db, req), req.params.id)));

    app.patch('/v1/webhook-endpoints/:id', {
      schema: { tags, operationId: 'updateWebhookEndpoint', summary: 'Change the URL, description or event types', params: IdParams, body: EndpointUpdate, response: { 200: Endpoint, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const row = await own(caller, req.params.id);
      const url = req.body.url === undefined ? undefined : await checkUrl(req.body.url);
      return endpointView(await updateEndpoint(deps.db, actorOf(caller), row.id, { url, description: req.body.description, eventTypes: req.body.eventTypes }));
    });

    for (const action of ['pause', 'resume', 'delete'] as const) {
      const route = action === 'delete' ? app.delete.bind(app) : app.post.bind(app);
      route(action === 'delete' ? '/v1/webhook-endpoints/:id' : `/v1/webhook-endpoints/:id/${action}`, {
        schema: { tags, operationId: `${action}WebhookEndpoint`, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a webhook endpoint`, params: IdParams, response: { 200: Endpoint, ...errors } },
      }, async (req) => {
        const caller = await authenticate(deps.db, req);
        const row = await own(caller, req.params.id);
        return endpointView(await setEndpointState(deps.db, actorOf(caller), row.id, action));
      });
    }

    app.post('/v1/webhook-endpoints/:id/rotate-secret', {
      schema: { tags, operationId: 'rotateWebhookSecret', summary: 'A new signing secret, shown once; the previous one stays valid for the grace period', params: IdParams, body: RotateBody, response: { 200: EndpointWithSecret, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const row = await own(caller, req.params.id);
      const secret = newWebhookSecret();
      const rotated = await rotateSecret(deps.db, actorOf(caller), row.id, cipher.seal(secret), new Date(Date.now() + req.body.graceHours * 3_600_000));
      return { ...endpointView(rotated), secret };
    });

    app.post('/v1/webhook-endpoints/:id/replay', {
      schema: { tags, operationId: 'replayWebhookEvents', summary: 'Send one retained event again, or every retained event since a time', params: IdParams, body: ReplayBody, response: { 200: ReplayResult, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const row = await own(caller, req.params.id);
      return { queued: await replayEvents(deps.db, actorOf(caller), row, { eventId: req.body.eventId, since: req.body.since ? new Date(req.body.since) : undefined }) };
    });

    app.get('/v1/webhook-endpoints/:id/attempts', {
      schema: { tags, operationId: 'listWebhookAttempts', summary: 'Delivery attempts, newest first: status, latency, the start of the answer', params: IdParams, querystring: AttemptsQuery, response: { 200: AttemptList, ...errors } },
    }, async (req) => {
      const row = await own(await authenticate(deps.db, req), req.params.id);
      const rows = await attemptsOf(deps.db, row.id, { limit: req.query.limit, before: req.query.before === undefined ? undefined : BigInt(req.query.before) });
      return { items: rows.map((a) => ({ id: a.id.toString(), eventId: a.eventId, at: a.at.toISOString(), statusCode: a.statusCode, ok: a.ok, latencyMs: a.latencyMs, error: a.error, responseExcerpt: a.responseExcerpt })) };
    });

    app.get('/v1/ops/enterprises/:id/webhook-endpoints', {
      preValidation: requireOpsRole({ db: deps.db, breakGlassKey: deps.config.OPS_API_KEY }, 'VIEWER'),
      schema: { tags: ['ops'], operationId: 'listEnterpriseWebhookEndpoints', summary: "An enterprise's webhook endpoints (platform ops)", params: IdParams, response: { 200: EndpointList, 401: ErrorBody, 403: ErrorBody } },
    }, async (req) => ({ items: (await endpointsOf(deps.db, req.params.id)).map(endpointView) }));
  };
