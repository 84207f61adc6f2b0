import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { identityView, InvitationAccept, PersonCreate, PersonInvited, PersonList, PersonUpdate, Person, SessionAnswer } from '../people.schemas.js';
import { acceptInvitation, invitePerson, listPeople, reinvitePerson, updatePerson } from '../people.service.js';
import { openSession } from '../people-session.js';
import { ErrorBody, IdParams } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * People of the caller's enterprise (console sign-in, issue 19 item 2): an ADMIN signed in, or the
 * enterprise's API key (so an enterprise registered before people existed can invite its first
 * admin), lists, invites, changes roles and disables. An invitation token is shown once; the
 * invited person sets a password with it and is signed in.
 */
export const peopleRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const secure = !deps.config.development;

    /** The enterprise and the audit actor, for an ADMIN person or the enterprise's API key; 403 ROLE_REQUIRED for others. */
    async function admin(req: FastifyRequest): Promise<{ enterpriseId: string; actor: string }> {
      const caller = await authenticate(deps.db, req);
      if (!caller.person) return { enterpriseId: caller.enterpriseId, actor: `enterprise:${caller.enterpriseId}` };
      if (caller.person.role !== 'ADMIN') throw new ApiError(403, 'ROLE_REQUIRED', `managing people needs the ADMIN role; you have ${caller.person.role}`, [{ path: 'role', message: caller.person.role }]);
      return { enterpriseId: caller.enterpriseId, actor: `person:${caller.person.id}` };
    }

    app.get('/v1/people', {
      schema: { tags: ['people'], operationId: 'listPeople', summary: "My enterprise's people and their roles (ADMIN)", response: { 200: PersonList, ...errors } },
    }, async (req) => listPeople(deps.db, (await admin(req)).enterpriseId));

    app.post('/v1/people', {
      schema: {
        tags: ['people'],
        operationId: 'invitePerson',
        summary: 'Invite a colleague with a role; the one-time invitation token is shown once (ADMIN)',
        description: `The token expires after 7 days. The platform sends no email: hand the token to the person.`,
        body: PersonCreate,
        response: { 201: PersonInvited, ...errors },
      },
    }, async (req, reply) => {
      const { enterpriseId, actor } = await admin(req);
      return reply.code(201).send(await invitePerson(deps.db, enterpriseId, { ...req.body, actor }));
    });

    app.patch('/v1/people/:id', {
      schema: { tags: ['people'], operationId: 'updatePerson', summary: "Change a person's role, disable or enable them (ADMIN); disabling ends their sessions at once", params: IdParams, body: PersonUpdate, response: { 200: Person, ...errors } },
    }, async (req) => {
      const { enterpriseId, actor } = await admin(req);
      return updatePerson(deps.db, enterpriseId, req.params.id, { ...req.body, actor });
    });

    app.post('/v1/people/:id/invitation', {
      schema: { tags: ['people'], operationId: 'reinvitePerson', summary: 'A new one-time invitation token for a person (lost token, forgotten password); earlier tokens stop working (ADMIN)', params: IdParams, response: { 201: PersonInvited, ...errors } },
    }, async (req, reply) => {
      const { enterpriseId, actor } = await admin(req);
      return reply.code(201).send(await reinvitePerson(deps.db, enterpriseId, req.params.id, actor));
    });

    app.post('/v1/invitations/accept', {
      schema: {
        tags: ['people'],
        operationId: 'acceptInvitation',
        summary: 'Set the password with an invitation (or setup) token and sign in',
        description: 'Answers as POST /v1/session (cookie, identity, CSRF token). The token works once; a first admin’s setup token once ops approved the enterprise.',
        security: [],
        body: InvitationAccept,
        response: { 200: SessionAnswer, ...errors },
      },
    }, async (req, reply) => {
      const identity = await acceptInvitation(deps.db, req.body);
      const answer = await openSession(deps.db, req, reply, identity, secure);
      return { identity: identityView(answer.identity), csrfToken: answer.csrfToken };
    });
  };
