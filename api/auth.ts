import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { ApiError } from './errors.js';
import { noteRequestEnterprise } from './metrics.js';

export interface Caller {
  enterpriseId: string;
  enterpriseName: string;
  customsCode: string;
  /** Registry status: PENDING, APPROVED or REJECTED (see requireApproved). */
  enterpriseStatus: string;
  /** The API key used for this request (its id, never the key). */
  apiKeyId: string;
}

/** API keys are stored as their SHA-256 only; the key is shown once when issued. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newApiKey(): string {
  return `cbec_${randomBytes(24).toString('base64url')}`;
}

export async function authenticate(db: Db, req: FastifyRequest): Promise<Caller> {
  const header = req.headers.authorization;
  const match = /^Bearer\s+(\S{8,200})$/i.exec(header ?? '');
  if (!match?.[1]) throw new ApiError(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
  // one plain join: every authenticated request pays for this query
  const [key] = await db.$queryRaw<(Caller & { revoked: boolean })[]>`
    SELECT k."id" AS "apiKeyId", k."enterpriseId", k."revokedAt" IS NOT NULL AS "revoked",
      e."name" AS "enterpriseName", e."customsCode", e."status" AS "enterpriseStatus"
    FROM "ApiKey" k JOIN "Enterprise" e ON e."id" = k."enterpriseId"
    WHERE k."keyHash" = ${hashApiKey(match[1])}`;
  if (!key || key.revoked) throw new ApiError(401, 'UNAUTHENTICATED', 'unknown or revoked API key');
  noteRequestEnterprise(req, key.enterpriseId);
  return { enterpriseId: key.enterpriseId, enterpriseName: key.enterpriseName, customsCode: key.customsCode, enterpriseStatus: key.enterpriseStatus, apiKeyId: key.apiKeyId };
}

/** Refuses a caller whose registration is not approved (PENDING or REJECTED) with 403. */
export function requireApproved(caller: Caller): void {
  if (caller.enterpriseStatus !== 'APPROVED') {
    throw new ApiError(403, 'ENTERPRISE_NOT_APPROVED', `the enterprise's registration is ${caller.enterpriseStatus}: only approved enterprises can do this (see GET /v1/enterprises/me)`);
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
