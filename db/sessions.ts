import { createHash, randomBytes } from 'node:crypto';
import type { Db, Prisma } from './client.js';

/**
 * The one server-side session store (table Session) for every browser login: codec server logins
 * (`codec`) and console sign-ins of people (`enterprise`, `ops`). A session's token is 32 random
 * bytes (base64url) handed to the browser in an HttpOnly cookie; only its SHA-256 is stored, so a
 * database reader cannot replay a live cookie. A session ends at its absolute expiry, after
 * `idleMs` without use, or when revoked (sign-out, the person disabled), on every API replica at once.
 */
export type SessionKind = 'codec' | 'enterprise' | 'ops';

export const sessionId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The shape of every token this store hands out (anything else is not looked up). */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Expired sessions are swept this long after their expiry (kept a day for investigation). */
const KEEP_EXPIRED_MS = 24 * 3600_000;

export interface SessionRow {
  id: string;
  kind: string;
  actor: string;
  personId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export function sessionStore(db: Db, opts: { clock?: () => Date } = {}) {
  const clock = opts.clock ?? (() => new Date());
  return {
    /** A new session; returns the token for the cookie. Sessions expired a day ago are swept here. */
    async open(s: { kind: SessionKind; actor: string; personId?: string; ttlMs: number }): Promise<string> {
      const now = clock();
      const token = randomBytes(32).toString('base64url');
      await db.session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_EXPIRED_MS) } } });
      await db.session.create({
        data: { id: sessionId(token), kind: s.kind, actor: s.actor, personId: s.personId ?? null, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + s.ttlMs) },
      });
      return token;
    },
    /**
     * The live session of one of `kinds` the token names: not revoked, before its expiry and, with
     * `idleMs`, used within that time; undefined otherwise. Marks it used (at most once a minute).
     */
    async find(token: string, kinds: readonly SessionKind[], idleMs?: number): Promise<SessionRow | undefined> {
      if (!SESSION_TOKEN.test(token)) return undefined;
      const row = await db.session.findUnique({ where: { id: sessionId(token) } });
      const now = clock();
      if (!row || !kinds.includes(row.kind as SessionKind) || row.revokedAt || row.expiresAt <= now) return undefined;
      if (idleMs !== undefined && now.getTime() - row.lastSeenAt.getTime() >= idleMs) return undefined;
      if (now.getTime() - row.lastSeenAt.getTime() >= 60_000) await db.session.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastSeenAt: now } });
      return row;
    },
    /** Ends the session the token names at once (sign-out). */
    async revoke(token: string): Promise<void> {
      await db.session.updateMany({ where: { id: sessionId(token), revokedAt: null }, data: { revokedAt: clock() } });
    },
  };
}

/** Ends every live session of a person (disabled, re-keyed), in the caller's transaction. */
export async function revokePersonSessions(tx: Db | Prisma.TransactionClient, kind: SessionKind, personId: string): Promise<number> {
  const r = await tx.session.updateMany({ where: { kind, personId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count;
}

/**
 * Ends every live session of an ops person: console sessions (kind ops) and codec-server logins
 * made with their key (kind codec, actor `ops:<name>`; ops names never change).
 */
export async function revokeOpsPersonSessions(tx: Db | Prisma.TransactionClient, person: { id: string; name: string }): Promise<number> {
  const r = await tx.session.updateMany({
    where: { revokedAt: null, OR: [{ kind: 'ops', personId: person.id }, { kind: 'codec', actor: `ops:${person.name}` }] },
    data: { revokedAt: new Date() },
  });
  return r.count;
}

export type SessionStore = ReturnType<typeof sessionStore>;
