import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { ApiError } from './errors.js';

export interface Caller {
  enterpriseId: string;
  enterpriseName: string;
  customsCode: string;
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
  const key = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(match[1]) }, include: { enterprise: true } });
  if (!key || key.revokedAt) throw new ApiError(401, 'UNAUTHENTICATED', 'unknown or revoked API key');
  return { enterpriseId: key.enterpriseId, enterpriseName: key.enterprise.name, customsCode: key.enterprise.customsCode };
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
