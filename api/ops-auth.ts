import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Secret } from '../config/config.js';
import { ApiError } from './errors.js';

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** Whether `given` is the ops key, compared in constant time. */
export function isOpsKey(given: string | undefined, key: Secret): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses a request without the ops key (401) or with another key (403). */
export function requireOps(req: FastifyRequest, key: Secret): void {
  const given = bearerToken(req);
  if (!given) throw new ApiError(401, 'UNAUTHENTICATED', 'send the ops key as "Authorization: Bearer <key>"');
  if (!isOpsKey(given, key)) throw new ApiError(403, 'FORBIDDEN', 'this endpoint needs the ops role');
}
