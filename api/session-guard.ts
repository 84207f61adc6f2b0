import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { bearerToken } from './auth.js';
import { ApiError } from './errors.js';
import { csrfTokenValid, sessionCookie, signedInOf } from './people-session.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that take credentials in the body (no session yet): no CSRF token to send. */
const SIGN_IN_ROUTES = new Set(['POST /v1/session', 'POST /v1/invitations/accept']);
/** State changes a VIEWER may make: signing out. */
const VIEWER_MAY = new Set(['DELETE /v1/session']);

/**
 * For every route, before the body is read: a state-changing request (POST, PUT, PATCH, DELETE)
 * that rides on a console session (cookie, no API key) needs header `x-csrf-token` with the
 * session's CSRF token (403 CSRF_TOKEN_INVALID), and an enterprise VIEWER may not change
 * anything (403 ROLE_REQUIRED). Requests with an API key (machines) need no CSRF token: a browser
 * never adds that header by itself. A cookie that names no live session is left to the route (401).
 */
export function installSessionGuard(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!STATE_CHANGING.has(req.method) || bearerToken(req) || !sessionCookie(req)) return;
    const url = req.routeOptions.url ?? '';
    const route = `${req.method} ${url}`;
    // the codec server has its own login (cookie cbec_codec_session); the console cookie plays no part there
    if (SIGN_IN_ROUTES.has(route) || url.startsWith('/codec/')) return;
    const signedIn = await signedInOf(db, req);
    if (!signedIn) return;
    if (!csrfTokenValid(signedIn.token, req.headers['x-csrf-token'])) {
      throw new ApiError(403, 'CSRF_TOKEN_INVALID', 'a request signed in with the session cookie that changes something needs header x-csrf-token: the csrfToken from POST or GET /v1/session', [
        { path: 'headers.x-csrf-token', message: 'missing or not this session’s token' },
      ]);
    }
    if (signedIn.identity.kind === 'enterprise' && signedIn.identity.role === 'VIEWER' && !VIEWER_MAY.has(route)) {
      throw new ApiError(403, 'ROLE_REQUIRED', 'a VIEWER reads only; ask an ADMIN of your enterprise for the OPERATOR role', [{ path: 'role', message: 'VIEWER' }]);
    }
  });
}
