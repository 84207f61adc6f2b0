import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { authenticate, bearerToken } from '../auth.js';
import { ApiError } from '../errors.js';
import {
  ApiKeyInfo,
  ApprovalBody,
  ApprovalResult,
  Enterprise,
  EnterpriseList,
  EnterpriseListQuery,
  EnterpriseRegistered,
  EnterpriseRegistration,
  IssuedKey,
  KeyIssueBody,
  KeyParams,
  MergeBody,
  RolesBody,
} from '../registry.schemas.js';
import { changeRoles, decideApproval, enterpriseNotFound, getEnterprise, issueKey, listEnterprises, mergeRegistration, registerEnterprise, revokeKey } from '../registry.service.js';
import { ErrorBody, IdParams } from '../schemas.js';
import { checkOps, opsActor, opsIdentity, requireOpsRole } from '../ops-auth.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The enterprise registry (一次备案、多主体共享): an enterprise registers once (no key needed) and
 * waits as PENDING; platform ops (viewer reads, operator decides) approve or reject and edit roles;
 * on approval an API key is issued and shown once. New keys are issued by an ops operator or by an
 * ADMIN person of the enterprise signed in to the console, never with a key (a leaked enterprise
 * key cannot mint more); an enterprise sees its keys (never the secrets) and revokes them itself.
 */
export const enterpriseRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    const viewer = { preValidation: requireOpsRole(auth, 'VIEWER') };
    const operator = { preValidation: requireOpsRole(auth, 'OPERATOR') };

    /** An ops operator, or the enterprise `id` itself with one of its own keys; another enterprise gets 404. */
    async function opsOrSelf(req: FastifyRequest, id: string): Promise<string> {
      if (await opsIdentity(auth, req)) return (await checkOps(auth, req, 'OPERATOR')).actor;
      const caller = await authenticate(deps.db, req);
      if (caller.enterpriseId !== id) throw enterpriseNotFound();
      return `enterprise:${id}`;
    }

    /**
     * Who may issue a key for enterprise `id`: an ops operator, or an ADMIN person of that enterprise
     * signed in to the console (a person, not a key). A key that is not an ops key gets 403, another
     * enterprise's person 404, a person below ADMIN 403 ROLE_REQUIRED. Checked before the body is read.
     */
    const keyIssuers = new WeakMap<FastifyRequest, string>();
    async function keyIssuer(req: FastifyRequest): Promise<void> {
      const id = (req.params as { id: string }).id;
      if (bearerToken(req) || (await opsIdentity(auth, req))) {
        keyIssuers.set(req, (await checkOps(auth, req, 'OPERATOR')).actor);
        return;
      }
      const caller = await authenticate(deps.db, req);
      if (caller.enterpriseId !== id) throw enterpriseNotFound();
      const role = caller.person?.role;
      if (role !== 'ADMIN') throw new ApiError(403, 'ROLE_REQUIRED', `issuing API keys needs the ADMIN role; you have ${role}`, [{ path: 'role', message: String(role) }]);
      keyIssuers.set(req, `person:${caller.person!.id}`);
    }

    app.post('/v1/enterprises', {
      schema: {
        tags: ['registry'],
        operationId: 'registerEnterprise',
        summary: 'Register an enterprise once (一次备案); it waits for approval as PENDING',
        description: 'No API key needed. A Unified Social Credit Code whose check character fails is accepted with a warning (usccWarning) for manual review.',
        security: [],
        body: EnterpriseRegistration,
        response: { 201: EnterpriseRegistered, ...errors },
      },
    }, async (req, reply) => {
      const result = await registerEnterprise(deps.db, req.body);
      return reply.code(201).header('location', `/v1/enterprises/${encodeURIComponent(result.enterprise.id)}`).send(result);
    });

    app.get('/v1/enterprises/me', {
      schema: { tags: ['registry'], operationId: 'getMyEnterprise', summary: "The caller's own registration, status and keys", response: { 200: Enterprise, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      return getEnterprise(deps.db, caller.enterpriseId);
    });

    app.get('/v1/enterprises', {
      ...viewer,
      schema: { tags: ['registry'], operationId: 'listEnterprises', summary: 'List registered enterprises (ops)', querystring: EnterpriseListQuery, response: { 200: EnterpriseList, ...errors } },
    }, async (req) => listEnterprises(deps.db, req.query));

    app.get('/v1/enterprises/:id', {
      ...viewer,
      schema: { tags: ['registry'], operationId: 'getEnterprise', summary: 'One enterprise (ops)', params: IdParams, response: { 200: Enterprise, ...errors } },
    }, async (req) => getEnterprise(deps.db, req.params.id));

    app.post('/v1/enterprises/:id/approval', {
      ...operator,
      schema: {
        tags: ['registry'],
        operationId: 'decideEnterprise',
        summary: 'Approve or reject a registration (ops); approval issues an API key, shown once',
        params: IdParams,
        body: ApprovalBody,
        response: { 200: ApprovalResult, ...errors },
      },
    }, async (req) => decideApproval(deps.db, req.params.id, { decision: req.body.decision, note: req.body.note, actor: opsActor(req).actor }));

    app.post('/v1/enterprises/:id/merge', {
      ...operator,
      schema: {
        tags: ['registry'],
        operationId: 'mergeEnterprise',
        summary: 'Merge an unapproved registration into the approved enterprise whose customs code or USCC it repeats (ops)',
        params: IdParams,
        body: MergeBody,
        response: { 200: Enterprise, ...errors },
      },
    }, async (req) => mergeRegistration(deps.db, req.params.id, { into: req.body.into, note: req.body.note, actor: opsActor(req).actor }));

    app.put('/v1/enterprises/:id/roles', {
      ...operator,
      schema: { tags: ['registry'], operationId: 'setEnterpriseRoles', summary: "Replace an enterprise's roles (ops)", params: IdParams, body: RolesBody, response: { 200: Enterprise, ...errors } },
    }, async (req) => changeRoles(deps.db, req.params.id, { roles: req.body.roles, actor: opsActor(req).actor }));

    app.post('/v1/enterprises/:id/keys', {
      preValidation: keyIssuer,
      schema: {
        tags: ['registry'],
        operationId: 'issueApiKey',
        summary: 'Issue a new API key (rotation; ops operator or the enterprise\'s ADMIN person), shown once; the old keys stay valid until revoked',
        description: 'An ops operator, or an ADMIN person of the enterprise signed in to the console (session cookie and x-csrf-token). An enterprise key cannot mint keys (403): a leaked key must not be able to make more. The enterprise sees every key issued to it, without the secret, in GET /v1/enterprises/me.',
        params: IdParams,
        body: KeyIssueBody,
        response: { 201: IssuedKey, ...errors },
      },
    }, async (req, reply) => {
      const key = await issueKey(deps.db, req.params.id, { label: req.body.label, expiresInDays: req.body.expiresInDays, actor: keyIssuers.get(req)! });
      return reply.code(201).send(key);
    });

    app.delete('/v1/enterprises/:id/keys/:keyId', {
      schema: { tags: ['registry'], operationId: 'revokeApiKey', summary: 'Revoke an API key (at once, for good)', params: KeyParams, response: { 200: ApiKeyInfo, ...errors } },
    }, async (req) => {
      const actor = await opsOrSelf(req, req.params.id);
      return revokeKey(deps.db, req.params.id, req.params.keyId, actor);
    });
  };
