import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { authenticate } from '../auth.js';
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
import { requireOps } from './ops.routes.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The enterprise registry (一次备案、多主体共享): an enterprise registers once (no key needed) and
 * waits as PENDING; platform ops (ops key) approve or reject and edit roles; on approval an API key
 * is issued and shown once. Keys are rotated (a new one is issued, the old one stays valid until
 * revoked) and revoked by the enterprise itself or by ops.
 */
export const enterpriseRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const ops = { preValidation: async (req: FastifyRequest) => requireOps(req, deps.config.OPS_API_KEY) };

    /** Ops, or the enterprise `id` itself with one of its own keys; another enterprise gets 404. */
    async function opsOrSelf(req: FastifyRequest, id: string): Promise<string> {
      try {
        requireOps(req, deps.config.OPS_API_KEY);
        return 'ops';
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
      const caller = await authenticate(deps.db, req);
      if (caller.enterpriseId !== id) throw enterpriseNotFound();
      return `enterprise:${id}`;
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
      ...ops,
      schema: { tags: ['registry'], operationId: 'listEnterprises', summary: 'List registered enterprises (ops)', querystring: EnterpriseListQuery, response: { 200: EnterpriseList, ...errors } },
    }, async (req) => listEnterprises(deps.db, req.query));

    app.get('/v1/enterprises/:id', {
      ...ops,
      schema: { tags: ['registry'], operationId: 'getEnterprise', summary: 'One enterprise (ops)', params: IdParams, response: { 200: Enterprise, ...errors } },
    }, async (req) => getEnterprise(deps.db, req.params.id));

    app.post('/v1/enterprises/:id/approval', {
      ...ops,
      schema: {
        tags: ['registry'],
        operationId: 'decideEnterprise',
        summary: 'Approve or reject a registration (ops); approval issues an API key, shown once',
        params: IdParams,
        body: ApprovalBody,
        response: { 200: ApprovalResult, ...errors },
      },
    }, async (req) => decideApproval(deps.db, req.params.id, req.body));

    app.post('/v1/enterprises/:id/merge', {
      ...ops,
      schema: {
        tags: ['registry'],
        operationId: 'mergeEnterprise',
        summary: 'Merge an unapproved registration into the approved enterprise whose customs code or USCC it repeats (ops)',
        params: IdParams,
        body: MergeBody,
        response: { 200: Enterprise, ...errors },
      },
    }, async (req) => mergeRegistration(deps.db, req.params.id, req.body));

    app.put('/v1/enterprises/:id/roles', {
      ...ops,
      schema: { tags: ['registry'], operationId: 'setEnterpriseRoles', summary: "Replace an enterprise's roles (ops)", params: IdParams, body: RolesBody, response: { 200: Enterprise, ...errors } },
    }, async (req) => changeRoles(deps.db, req.params.id, req.body));

    app.post('/v1/enterprises/:id/keys', {
      schema: {
        tags: ['registry'],
        operationId: 'issueApiKey',
        summary: 'Issue a new API key (rotation), shown once; the old keys stay valid until revoked',
        params: IdParams,
        body: KeyIssueBody,
        response: { 201: IssuedKey, ...errors },
      },
    }, async (req, reply) => {
      const actor = await opsOrSelf(req, req.params.id);
      const key = await issueKey(deps.db, req.params.id, { label: req.body.label, actor: actor === 'ops' && req.body.operator ? `ops:${req.body.operator}` : actor });
      return reply.code(201).send(key);
    });

    app.delete('/v1/enterprises/:id/keys/:keyId', {
      schema: { tags: ['registry'], operationId: 'revokeApiKey', summary: 'Revoke an API key (at once, for good)', params: KeyParams, response: { 200: ApiKeyInfo, ...errors } },
    }, async (req) => {
      const actor = await opsOrSelf(req, req.params.id);
      return revokeKey(deps.db, req.params.id, req.params.keyId, actor);
    });
  };
