import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { appendAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { sessionStore } from '../../db/sessions.js';
import { ApiError } from '../errors.js';
import { identityView, SessionAnswer, SessionCreate } from '../people.schemas.js';
import { clearSessionCookie, csrfTokenOf, openSession, sessionCookie, signedInOf, type Identity } from '../people-session.js';
import { signIn, SignInLimited } from '../people-sign-in.js';
import { ErrorBody } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

/**
 * Console sign-in for people (issue 19 item 2): `POST /v1/session` with an enterprise person's
 * email and password or an ops person's key sets the HttpOnly `cbec_session` cookie and answers
 * the identity and the CSRF token; `GET` answers them again; `DELETE` signs out (the session is
 * revoked server-side at once). API keys stay for machines.
 */
export const sessionRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const ops = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    const secure = !deps.config.development;

    app.post('/v1/session', {
      schema: {
        tags: ['session'],
        operationId: 'signIn',
        summary: 'Sign in a person: sets the session cookie, answers the identity and the CSRF token',
        description: 'Wrong email or password, unknown email, disabled person: the same 401 INVALID_CREDENTIALS. After 10 failed attempts for an account from one client address in 15 minutes: 429 RATE_LIMITED.',
        security: [],
        body: SessionCreate,
        response: { 200: SessionAnswer, ...errors },
      },
    }, async (req, reply) => {
      const b = req.body;
      const credentials = b.opsKey !== undefined ? { opsKey: b.opsKey } : { email: b.email!, password: b.password! };
      let identity: Identity;
      try {
        identity = await signIn({ db: deps.db, ops }, credentials, req.ip);
      } catch (err) {
        if (err instanceof SignInLimited) reply.header('retry-after', String(err.retryAfterS));
        throw err;
      }
      const answer = await openSession(deps.db, req, reply, identity, secure);
      return { identity: identityView(answer.identity), csrfToken: answer.csrfToken };
    });

    app.get('/v1/session', {
      schema: {
        tags: ['session'],
        operationId: 'getSession',
        summary: 'The signed-in person and the CSRF token of the session',
        security: [{ sessionCookie: [] }],
        response: { 200: SessionAnswer, ...errors },
      },
    }, async (req) => {
      const signedIn = await signedInOf(deps.db, req);
      if (!signedIn) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in, or the session has ended: POST /v1/session');
      return { identity: identityView(signedIn.identity), csrfToken: csrfTokenOf(signedIn.token) };
    });

    app.delete('/v1/session', {
      schema: {
        tags: ['session'],
        operationId: 'signOut',
        summary: 'Sign out: the session ends at once on every API replica',
        description: 'Needs header x-csrf-token. Without a live session: 401 UNAUTHENTICATED, and the cookie is cleared all the same.',
        security: [{ sessionCookie: [] }],
        response: { 204: z.null().meta({ description: 'Signed out' }), ...errors },
      },
    }, async (req, reply) => {
      const signedIn = await signedInOf(deps.db, req);
      const token = sessionCookie(req);
      if (token) await sessionStore(deps.db).revoke(token);
      if (!signedIn) {
        clearSessionCookie(reply, secure);
        throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in, or the session has ended already (the cookie is cleared)');
      }
      const i = signedIn.identity;
      await appendAudit(deps.db, {
        actor: i.kind === 'ops' ? `ops:${i.name}` : `person:${i.personId}`,
        action: 'session.signed_out',
        subjectType: i.kind === 'ops' ? 'ops-person' : 'person',
        subjectId: i.personId,
        detail: {},
      });
      clearSessionCookie(reply, secure);
      return reply.code(204).send(null);
    });
  };
