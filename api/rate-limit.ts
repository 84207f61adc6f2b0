import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { bearerToken, enterpriseKeyOf } from './auth.js';
import { ApiError } from './errors.js';
import { opsIdentity, type OpsAuthDeps } from './ops-auth.js';
import { signedInOf } from './people-session.js';
import { pgRateLimitStore, rateWindow } from './rate-limit-store.js';

export interface RateLimitDeps {
  db: Db;
  ops: OpsAuthDeps;
  perMinute: number;
  anonymousPerMinute: number;
  callbacksPerMinute: number;
  /** The outside system whose valid signature a callback request carries, if any (checked after the body is read). */
  callbackSystem(req: FastifyRequest): string | undefined;
  /** The clock that places requests in windows; unset: Date.now. */
  clock?: () => number;
}

const CALLBACKS = '/v1/callbacks/';
const WINDOW_MS = 60_000;
const isCallback = (req: FastifyRequest) => req.url.startsWith(CALLBACKS);

/**
 * Rate limits with @fastify/rate-limit, counted in PostgreSQL (api/rate-limit-store.ts) so every
 * API replica shares them. One-minute fixed windows, keyed on who is calling, never on the raw
 * header (`bearer`, extra spaces or a second key of the same enterprise do not lift the limit):
 *
 * - a valid enterprise key: its enterprise (`RATE_LIMIT_PER_MINUTE`), checked before the body is read;
 * - a valid ops key: the ops person (`RATE_LIMIT_PER_MINUTE`);
 * - a console session (cookie, no key): the person's enterprise, or the ops person;
 * - no key or an unknown, revoked or expired one: the client address (`RATE_LIMIT_ANONYMOUS_PER_MINUTE`;
 *   behind the reverse proxy the forwarded address, see TRUST_PROXY);
 * - a callback with a valid signature: its outside system (`RATE_LIMIT_CALLBACKS_PER_MINUTE`),
 *   counted once the body is read (the signature covers it); an unsigned one: the client address.
 *
 * Over the limit: 429 `RATE_LIMITED` with `Retry-After` (seconds). A database error lets the
 * request through (the request itself then reports the outage, /health included).
 */
export async function installRateLimit(app: FastifyInstance, deps: RateLimitDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const store = pgRateLimitStore(deps.db, clock);
  await app.register(rateLimit, {
    global: false,
    store,
    timeWindow: WINDOW_MS,
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'RATE_LIMITED', `at most ${ctx.max} requests a minute for this caller; retry after ${Math.max(1, Math.ceil(ctx.ttl / 1000))} s`),
  });
  const address = (req: FastifyRequest) => `addr:${req.ip}`;
  const byIdentity = app.rateLimit({
    keyGenerator: async (req) => {
      if (!bearerToken(req)) {
        // a person's console session counts for their enterprise, or the ops person
        const p = (await signedInOf(deps.db, req))?.identity;
        return !p ? address(req) : p.kind === 'enterprise' ? `enterprise:${p.enterpriseId}` : `ops:${p.personId}`;
      }
      // enterprise keys first: most requests carry one (both lookups are reused by the route);
      // the lookup counts the request too, which the store then answers with
      const window = rateWindow(clock(), WINDOW_MS);
      const key = await enterpriseKeyOf(deps.db, req, window);
      if (key && !key.revoked && !key.expired) {
        const id = `enterprise:${key.enterpriseId}`;
        if (key.count !== undefined) store.precount({ key: id, windowStart: window.start, count: key.count });
        return id;
      }
      const ops = await opsIdentity(deps.ops, req);
      return ops ? `ops:${ops.personId}` : address(req);
    },
    max: (_req, key) => (key.startsWith('addr:') ? deps.anonymousPerMinute : deps.perMinute),
  });
  const byCallbackSystem = app.rateLimit({
    hook: 'preHandler',
    keyGenerator: (req) => {
      const system = deps.callbackSystem(req);
      return system ? `callback:${system}` : address(req);
    },
    max: (_req, key) => (key.startsWith('callback:') ? deps.callbacksPerMinute : deps.anonymousPerMinute),
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!isCallback(req)) await byIdentity.call(app, req, reply);
  });
  app.addHook('preHandler', async (req, reply) => {
    if (isCallback(req)) await byCallbackSystem.call(app, req, reply);
  });
}
