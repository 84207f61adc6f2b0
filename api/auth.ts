import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Prisma, type Db } from '../db/client.js';
import { countRequestSql } from './rate-limit-store.js';
import { ApiError } from './errors.js';
import { noteRequestEnterprise } from './request-enterprise.js';
import { signedInOf, type PersonRole } from './people-session.js';
import { queryRows } from '../db/sql.js';

export interface Caller {
  enterpriseId: string;
  enterpriseName: string;
  customsCode: string;
  /** Registry status: PENDING, APPROVED or REJECTED (see requireApproved). */
  enterpriseStatus: string;
  /** The API key used for this request (its id, never the key); unset for a person's console session. */
  apiKeyId?: string;
  /** The person signed in with a console session (cookie), when the request carries no API key. */
  person?: { id: string; name: string; role: PersonRole };
}

/** API keys are stored as their SHA-256 only; the key is shown once when issued. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newApiKey(): string {
  return `cbec_${randomBytes(24).toString('base64url')}`;
}

/**
 * The key of an `Authorization: Bearer <key>` header: the scheme in any case, spaces around and
 * between ignored, so header variants of one key are one identity (for the rate limit too).
 */
export function bearerToken(req: FastifyRequest): string | undefined {
  return /^\s*bearer\s+(\S{8,200})\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

type KeyRow = Caller & { revoked: boolean; expired: boolean };
const lookedUp = new WeakMap<FastifyRequest, Promise<KeyRow | undefined>>();

/**
 * The enterprise key behind the request's bearer key, looked up once per request (the rate limit
 * asks first). With `count`, the same statement counts the request for a valid key's enterprise
 * (`enterprise:<id>` in that window, api/rate-limit-store.ts) and the row carries the count.
 */
export function enterpriseKeyOf(db: Db, req: FastifyRequest, count?: { start: number; end: number }): Promise<(KeyRow & { count?: number }) | undefined> {
  let row = lookedUp.get(req);
  if (!row) {
    const token = bearerToken(req);
    // one plain join: every authenticated request pays for this query
    const key = Prisma.sql`
      SELECT k."id" AS "apiKeyId", k."enterpriseId", k."revokedAt" IS NOT NULL AS "revoked",
        (k."expiresAt" IS NOT NULL AND k."expiresAt" <= now()) AS "expired",
        e."name" AS "enterpriseName", e."customsCode", e."status" AS "enterpriseStatus"
      FROM "ApiKey" k JOIN "Enterprise" e ON e."id" = k."enterpriseId"
      WHERE k."keyHash" = ${token ? hashApiKey(token) : ''}`;
    row = !token
      ? Promise.resolve(undefined)
      : count
        ? queryRows<KeyRow & { count: number | null }>(db, Prisma.sql`
            WITH caller AS (${key}), counted AS (${countRequestSql(Prisma.sql`'enterprise:' || "enterpriseId"`, count, Prisma.sql`FROM caller WHERE NOT "revoked" AND NOT "expired"`)})
            SELECT caller.*, (SELECT "count" FROM counted) AS "count" FROM caller`).then((rows) => rows[0] && { ...rows[0], count: rows[0].count === null ? undefined : Number(rows[0].count) })
        : queryRows<KeyRow>(db, key).then((rows) => rows[0]);
    lookedUp.set(req, row);
  }
  return row;
}

/**
 * The enterprise behind the request: its API key (`Authorization: Bearer`, machines) or, without
 * one, a person's console session (cookie `cbec_session`, api/people-session.ts). CSRF and the
 * VIEWER role of sessions are checked for every route before (api/session-guard.ts).
 */
export async function authenticate(db: Db, req: FastifyRequest): Promise<Caller> {
  if (!bearerToken(req)) {
    const signedIn = await signedInOf(db, req);
    if (signedIn?.identity.kind === 'enterprise') {
      const p = signedIn.identity;
      noteRequestEnterprise(req, p.enterpriseId);
      return { enterpriseId: p.enterpriseId, enterpriseName: p.enterpriseName, customsCode: p.customsCode, enterpriseStatus: p.enterpriseStatus, person: { id: p.personId, name: p.name, role: p.role } };
    }
    if (signedIn) throw new ApiError(403, 'FORBIDDEN', 'this endpoint is for enterprises; an ops session cannot use it');
    throw new ApiError(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>" or sign in (POST /v1/session)');
  }
  const key = await enterpriseKeyOf(db, req);
  if (!key || key.revoked) throw new ApiError(401, 'UNAUTHENTICATED', 'unknown or revoked API key');
  if (key.expired) throw new ApiError(401, 'API_KEY_EXPIRED', 'this API key has expired; use another key of the enterprise or ask platform ops for a new one');
  noteRequestEnterprise(req, key.enterpriseId);
  return { enterpriseId: key.enterpriseId, enterpriseName: key.enterpriseName, customsCode: key.customsCode, enterpriseStatus: key.enterpriseStatus, apiKeyId: key.apiKeyId };
}

/** Refuses a caller whose registration is not approved (PENDING or REJECTED) with 403. */
export function requireApproved(caller: Caller): void {
  if (caller.enterpriseStatus !== 'APPROVED') {
    throw new ApiError(403, 'ENTERPRISE_NOT_APPROVED', `the enterprise's registration is ${caller.enterpriseStatus}: only approved enterprises can do this (see GET /v1/enterprises/me)`);
  }
}

/**
 * Every write that starts new business (shipments, stock entries, products, batches) needs an
 * approved enterprise that is not on the negative list (失信名单): 403 otherwise, nothing written.
 */
export async function requireInGoodStanding(db: Db, caller: Caller): Promise<void> {
  requireApproved(caller);
  const listed = await db.negativeListEntry.findFirst({ where: { enterpriseId: caller.enterpriseId, liftedAt: null }, select: { enterpriseId: true } });
  if (listed) {
    throw new ApiError(403, 'ENTERPRISE_NEGATIVE_LISTED', "the enterprise is on the zone's negative list (失信名单) and cannot start new business; see GET /v1/credit/me");
  }
}

/** Creates (or keeps) an enterprise and registers `key` for it; used by seeding and tests. */
export async function ensureEnterpriseWithKey(
  db: Db,
  e: { id: string; name: string; customsCode: string; key: string; label?: string },
): Promise<void> {
  await db.enterprise.upsert({ where: { id: e.id }, create: { id: e.id, name: e.name, customsCode: e.customsCode }, update: {} });
  const keyHash = hashApiKey(e.key);
  await db.apiKey.upsert({
    where: { keyHash },
    create: { id: `key_${keyHash.slice(0, 16)}`, enterpriseId: e.id, keyHash, label: e.label ?? 'default' },
    update: {},
  });
}
