import type { Db } from '../db/client.js';
import { sessionStore } from '../db/sessions.js';

/** How long a codec login lasts unless revoked (one working day). */
export const CODEC_SESSION_TTL_MS = 8 * 3600_000;

/**
 * Codec server logins (kind `codec`) in the one server-side session store (db/sessions.ts): a
 * login gets a random token for its cookie; only the token's SHA-256 is stored.
 */
export function codecSessions(db: Db, opts: { ttlMs?: number; clock?: () => Date } = {}) {
  const ttlMs = opts.ttlMs ?? CODEC_SESSION_TTL_MS;
  const store = sessionStore(db, opts.clock ? { clock: opts.clock } : {});
  return {
    ttlMs,
    /** A new session for `actor`; returns the token for the cookie. */
    open: (actor: string): Promise<string> => store.open({ kind: 'codec', actor, ttlMs }),
    /** Whether the token names a codec session that is neither expired nor revoked. */
    valid: async (token: string): Promise<boolean> => Boolean(await store.find(token, ['codec'])),
    /** Logout: the session stops working at once, on every API replica. */
    revoke: (token: string): Promise<void> => store.revoke(token),
  };
}

export type CodecSessions = ReturnType<typeof codecSessions>;
