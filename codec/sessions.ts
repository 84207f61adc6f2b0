import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';

/** How long a codec login lasts unless revoked (one working day). */
export const CODEC_SESSION_TTL_MS = 8 * 3600_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side codec sessions (table CodecSession): a login gets 32 random bytes as its token;
 * only the token's SHA-256 is stored, so a database reader cannot replay a live cookie.
 */
export function codecSessions(db: Db, opts: { ttlMs?: number; clock?: () => Date } = {}) {
  const ttlMs = opts.ttlMs ?? CODEC_SESSION_TTL_MS;
  const clock = opts.clock ?? (() => new Date());
  return {
    ttlMs,
    /** A new session for `actor`; returns the token for the cookie. Expired sessions are swept here. */
    async open(actor: string): Promise<string> {
      const now = clock();
      const token = randomBytes(32).toString('base64url');
      await db.codecSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
      await db.codecSession.create({ data: { id: hash(token), actor, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) } });
      return token;
    },
    /** Whether the token names a session that is neither expired nor revoked. */
    async valid(token: string): Promise<boolean> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
      const session = await db.codecSession.findUnique({ where: { id: hash(token) } });
      return Boolean(session && !session.revokedAt && session.expiresAt > clock());
    },
    /** Logout: the session stops working at once, on every API replica. */
    async revoke(token: string): Promise<void> {
      await db.codecSession.updateMany({ where: { id: hash(token), revokedAt: null }, data: { revokedAt: clock() } });
    },
  };
}

export type CodecSessions = ReturnType<typeof codecSessions>;
