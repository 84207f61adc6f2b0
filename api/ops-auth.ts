import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Secret } from '../config/config.js';
import type { Db } from '../db/client.js';
import { bearerToken, hashApiKey } from './auth.js';
import { ApiError } from './errors.js';
import { signedInOf } from './people-session.js';

/**
 * Platform ops identities and their roles, checked in one place (requireOpsRole, a Fastify
 * preValidation hook: before the body is validated, so no key → 401 whatever the body).
 *
 * - A person's key (OpsPerson, stored as its SHA-256) acts as `ops:<name>` with its role:
 *   VIEWER reads, OPERATOR also acts (decisions, inspections, reviews, runs, key issue),
 *   ADMIN also manages ops people.
 * - OPS_API_KEY is the break-glass credential: ADMIN, acting as `ops:break-glass`, every use
 *   logged as a warning and every action audited under that name (docs/security-ops.md).
 */
export const OPS_ROLES = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
export type OpsRole = (typeof OPS_ROLES)[number];

export interface OpsActor {
  /** OpsPerson id, or `break-glass`. */
  personId: string;
  name: string;
  role: OpsRole;
  /** The audit actor: `ops:<name>`. */
  actor: string;
}

export interface OpsAuthDeps {
  db: Db;
  breakGlassKey: Secret;
}

export const BREAK_GLASS_NAME = 'break-glass';

type Resolved = { kind: 'ops'; ops: OpsActor } | { kind: 'expired' } | { kind: 'none' };
const resolved = new WeakMap<FastifyRequest, Promise<Resolved>>();
const acting = new WeakMap<FastifyRequest, OpsActor>();

function sameSecret(given: string, key: Secret): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
}

async function lookUp(deps: OpsAuthDeps, req: FastifyRequest): Promise<Resolved> {
  const token = bearerToken(req);
  if (!token) {
    // no key: an ops person's console session (cookie), read again on every request
    const p = (await signedInOf(deps.db, req))?.identity;
    return p?.kind === 'ops' ? { kind: 'ops', ops: { personId: p.personId, name: p.name, role: p.role, actor: `ops:${p.name}` } } : { kind: 'none' };
  }
  if (sameSecret(token, deps.breakGlassKey)) {
    req.log.warn({ opsActor: `ops:${BREAK_GLASS_NAME}`, route: req.routeOptions.url }, 'break-glass ops key used');
    return { kind: 'ops', ops: { personId: BREAK_GLASS_NAME, name: BREAK_GLASS_NAME, role: 'ADMIN', actor: `ops:${BREAK_GLASS_NAME}` } };
  }
  const person = await deps.db.opsPerson.findUnique({ where: { keyHash: hashApiKey(token) } });
  if (!person || person.disabledAt) return { kind: 'none' };
  if (person.expiresAt && person.expiresAt.getTime() <= Date.now()) return { kind: 'expired' };
  return { kind: 'ops', ops: { personId: person.id, name: person.name, role: person.role as OpsRole, actor: `ops:${person.name}` } };
}

/** The ops identity behind the request's bearer key or console session, looked up once per request; undefined if it is neither. */
export async function opsIdentity(deps: OpsAuthDeps, req: FastifyRequest): Promise<OpsActor | undefined> {
  let r = resolved.get(req);
  if (!r) {
    r = lookUp(deps, req);
    resolved.set(req, r);
  }
  const result = await r;
  return result.kind === 'ops' ? result.ops : undefined;
}

const atLeast = (role: OpsRole, needed: OpsRole) => OPS_ROLES.indexOf(role) >= OPS_ROLES.indexOf(needed);

/**
 * Refuses a request without a key or session (401), with an expired ops key (401 CREDENTIAL_EXPIRED), with
 * a key that is not an ops key (403 FORBIDDEN) or an ops role below `needed` (403 OPS_ROLE_REQUIRED).
 */
export async function checkOps(deps: OpsAuthDeps, req: FastifyRequest, needed: OpsRole): Promise<OpsActor> {
  const ops = await opsIdentity(deps, req);
  if (!ops && !bearerToken(req)) {
    if (await signedInOf(deps.db, req)) throw new ApiError(403, 'FORBIDDEN', 'this endpoint is for platform ops; an enterprise session cannot use it');
    throw new ApiError(401, 'UNAUTHENTICATED', 'send an ops key as "Authorization: Bearer <key>" or sign in as an ops person (POST /v1/session)');
  }
  if (!ops) {
    if ((await resolved.get(req))?.kind === 'expired') throw new ApiError(401, 'CREDENTIAL_EXPIRED', 'this ops key has expired; an ops admin issues a new one');
    throw new ApiError(403, 'FORBIDDEN', 'this endpoint needs an ops key');
  }
  if (!atLeast(ops.role, needed)) throw new ApiError(403, 'OPS_ROLE_REQUIRED', `this endpoint needs the ops role ${needed}; the caller has ${ops.role}`);
  acting.set(req, ops);
  return ops;
}

/** A preValidation hook for a route that needs an ops key with at least `needed`. */
export function requireOpsRole(deps: OpsAuthDeps, needed: OpsRole): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    await checkOps(deps, req, needed);
  };
}

/** The ops person a requireOpsRole hook admitted for this request. */
export function opsActor(req: FastifyRequest): OpsActor {
  const ops = acting.get(req);
  if (!ops) throw new Error('opsActor: the route has no requireOpsRole hook');
  return ops;
}
