import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { OPS_ROLES, opsActor, requireOpsRole } from '../ops-auth.js';
import { createOpsPerson, disableOpsPerson, listOpsPeople, rekeyOpsPerson } from '../ops-people.service.js';
import { ErrorBody, IdParams } from '../schemas.js';

const OpsPerson = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(OPS_ROLES),
    createdAt: z.string(),
    createdBy: z.string(),
    keyIssuedAt: z.string(),
    expiresAt: z.string().nullable(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'OpsPerson' });
const IssuedOpsKey = z
  .object({ person: OpsPerson, key: z.string().meta({ description: 'The ops key itself: shown this once, stored only as its SHA-256' }) })
  .meta({ id: 'IssuedOpsKey' });
const ExpiresInDays = z.number().int().min(1).max(365).optional().meta({ description: 'Days until the key stops working (default 90)' });
const OpsPersonCreate = z
  .object({ name: z.string().trim().regex(/^[a-z][a-z0-9.-]{1,39}$/, '2-40 lower-case letters, digits, . or -, starting with a letter'), role: z.enum(OPS_ROLES), expiresInDays: ExpiresInDays })
  .strict()
  .meta({ id: 'OpsPersonCreate' });
const OpsRekey = z.object({ expiresInDays: ExpiresInDays }).strict().meta({ id: 'OpsKeyRequest' });
const Me = z.object({ personId: z.string(), name: z.string(), role: z.enum(OPS_ROLES) }).meta({ id: 'OpsIdentity' });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Ops people and their keys (ADMIN): create a person with a role, issue a new key (the old one
 * stops at once), disable. Every change is in the audit trail; keys are shown once.
 */
export const opsPeopleRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = { db: deps.db, breakGlassKey: deps.config.OPS_API_KEY };
    const admin = { preValidation: requireOpsRole(auth, 'ADMIN') };

    app.get('/v1/ops/me', {
      preValidation: requireOpsRole(auth, 'VIEWER'),
      schema: { tags: ['ops'], operationId: 'getOpsIdentity', summary: 'The ops person and role behind the key used', response: { 200: Me, ...errors } },
    }, async (req) => {
      const { personId, name, role } = opsActor(req);
      return { personId, name, role };
    });

    app.get('/v1/ops/people', {
      ...admin,
      schema: { tags: ['ops'], operationId: 'listOpsPeople', summary: 'Ops people and their roles (admin)', response: { 200: z.object({ items: z.array(OpsPerson) }), ...errors } },
    }, async () => listOpsPeople(deps.db));

    app.post('/v1/ops/people', {
      ...admin,
      schema: { tags: ['ops'], operationId: 'createOpsPerson', summary: 'Create an ops person with a role; the key is shown once (admin)', body: OpsPersonCreate, response: { 201: IssuedOpsKey, ...errors } },
    }, async (req, reply) => reply.code(201).send(await createOpsPerson(deps.db, { ...req.body, actor: opsActor(req).actor })));

    app.post('/v1/ops/people/:id/key', {
      ...admin,
      schema: { tags: ['ops'], operationId: 'issueOpsKey', summary: "Issue a new key for an ops person; the old one stops at once (admin)", params: IdParams, body: OpsRekey, response: { 201: IssuedOpsKey, ...errors } },
    }, async (req, reply) => reply.code(201).send(await rekeyOpsPerson(deps.db, req.params.id, { expiresInDays: req.body.expiresInDays, actor: opsActor(req).actor })));

    app.delete('/v1/ops/people/:id', {
      ...admin,
      schema: { tags: ['ops'], operationId: 'disableOpsPerson', summary: "Disable an ops person's key at once (admin)", params: IdParams, response: { 200: OpsPerson, ...errors } },
    }, async (req) => disableOpsPerson(deps.db, req.params.id, opsActor(req).actor));
  };
