import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { sessionStore, type SessionKind } from '../db/sessions.js';
import type { OpsRole } from './ops-auth.js';

/**
 * Console sessions of people (issue 19 item 2): the `cbec_session` cookie names a server-side
 * session (db/sessions.ts, kind `enterprise` for a Person, `ops` for an OpsPerson). The person is
 * read again on every request, so a disabled person (or an ops person whose key expired) is out
 * at once. The CSRF token is an HMAC of the session token: bound to that session, never stored,
 * and unknowable without the HttpOnly cookie.
 */
export const SESSION_COOKIE = 'cbec_session';
/** A console session ends after this long without a request… */
export const SESSION_IDLE_MS = 2 * 3600_000;
/** …and this long after sign-in whatever happens. */
export const SESSION_MAX_MS = 12 * 3600_000;

export const PERSON_ROLES = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export type Identity =
  | { kind: 'enterprise'; personId: string; name: string; email: string; role: PersonRole; enterpriseId: string; enterpriseName: string; enterpriseStatus: string; customsCode: string }
  | { kind: 'ops'; personId: string; name: string; role: OpsRole };

export interface SignedIn {
  identity: Identity;
  /** The session token from the cookie (for sign-out and the CSRF token). */
  token: string;
}

/** The cookie's value, if the request carries one. */
export function sessionCookie(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('cbec-csrf').digest('base64url');
}

export function csrfTokenValid(token: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(csrfTokenOf(token));
  return a.length === b.length && timingSafeEqual(a, b);
}

const CONSOLE_KINDS: readonly SessionKind[] = ['enterprise', 'ops'];
const looked = new WeakMap<FastifyRequest, Promise<SignedIn | undefined>>();

/** The identity of an enterprise person (with their enterprise). */
export function enterpriseIdentity(p: { id: string; name: string; email: string; role: string; enterpriseId: string; enterprise: { name: string; status: string; customsCode: string } }): Identity {
  return { kind: 'enterprise', personId: p.id, name: p.name, email: p.email, role: p.role as PersonRole, enterpriseId: p.enterpriseId, enterpriseName: p.enterprise.name, enterpriseStatus: p.enterprise.status, customsCode: p.enterprise.customsCode };
}

async function identityOf(db: Db, kind: string, personId: string): Promise<Identity | undefined> {
  if (kind === 'enterprise') {
    const p = await db.person.findUnique({ where: { id: personId }, include: { enterprise: true } });
    return !p || p.disabledAt || !p.passwordHash ? undefined : enterpriseIdentity(p);
  }
  const o = await db.opsPerson.findUnique({ where: { id: personId } });
  if (!o || o.disabledAt || (o.expiresAt && o.expiresAt.getTime() <= Date.now())) return undefined;
  return { kind: 'ops', personId: o.id, name: o.name, role: o.role as OpsRole };
}

/** The person signed in with the request's session cookie, looked up once per request; undefined without a live session. */
export function signedInOf(db: Db, req: FastifyRequest): Promise<SignedIn | undefined> {
  let found = looked.get(req);
  if (!found) {
    const token = sessionCookie(req);
    found = !token
      ? Promise.resolve(undefined)
      : sessionStore(db)
          .find(token, CONSOLE_KINDS, SESSION_IDLE_MS)
          .then(async (row) => {
            const identity = row?.personId ? await identityOf(db, row.kind, row.personId) : undefined;
            return identity ? { identity, token } : undefined;
          });
    looked.set(req, found);
  }
  return found;
}

/**
 * Opens a console session for the identity and sets its cookie on the reply. A session the
 * browser held before ends: one browser, one session (no session fixation).
 */
export async function openSession(db: Db, req: FastifyRequest, reply: FastifyReply, identity: Identity, secure: boolean): Promise<{ identity: Identity; csrfToken: string }> {
  const actor = identity.kind === 'ops' ? `ops:${identity.name}` : `person:${identity.personId}`;
  const previous = sessionCookie(req);
  if (previous) await sessionStore(db).revoke(previous);
  const token = await sessionStore(db).open({ kind: identity.kind, actor, personId: identity.personId, ttlMs: SESSION_MAX_MS });
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; ${cookieFlags(secure)}; Max-Age=${SESSION_MAX_MS / 1000}`);
  return { identity, csrfToken: csrfTokenOf(token) };
}

/** Clears the cookie on the reply. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieFlags(secure)}; Max-Age=0`);
}

function cookieFlags(secure: boolean): string {
  return `HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
