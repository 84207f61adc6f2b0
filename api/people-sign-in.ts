import { createHash } from 'node:crypto';
import { appendAudit } from '../db/audit.js';
import { Prisma, type Db } from '../db/client.js';
import { hashApiKey } from './auth.js';
import { ApiError } from './errors.js';
import type { OpsAuthDeps, OpsRole } from './ops-auth.js';
import { hashPassword, needsRehash, verifyPassword } from './people-passwords.js';
import { enterpriseIdentity, type Identity } from './people-session.js';
import { countRequestSql, rateWindow } from './rate-limit-store.js';

/** Failed sign-in attempts per email (or ops key) and client address in one window… */
export const SIGN_IN_ATTEMPTS = 10;
/** …of this length (fixed windows, shared by every API replica through RateLimitCounter). */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export type Credentials = { email: string; password: string } | { opsKey: string };

/** 429 RATE_LIMITED with the seconds to wait (the route sends them as Retry-After). */
export class SignInLimited extends ApiError {
  constructor(readonly retryAfterS: number) {
    super(429, 'RATE_LIMITED', `too many sign-in attempts from this address for this account; retry after ${retryAfterS} s`);
  }
}

const invalid = () => new ApiError(401, 'INVALID_CREDENTIALS', 'the email and password (or the ops key) do not match a person who may sign in');

/**
 * Counts the attempt for this email (or ops key) and address before the credentials are checked
 * (so parallel guesses are counted too); over SIGN_IN_ATTEMPTS in the window: 429 RATE_LIMITED
 * with the seconds to wait. A successful sign-in gives its count back (`succeeded`), so only
 * failures add up. The key is a hash: no email in the table.
 */
async function countAttempt(db: Db, who: string, ip: string): Promise<{ count: number; succeeded(): Promise<void> }> {
  const now = Date.now();
  const window = rateWindow(now, SIGN_IN_WINDOW_MS);
  const key = `sign-in:${createHash('sha256').update(`${who}\n${ip}`).digest('hex').slice(0, 32)}`;
  const [row] = await db.$queryRaw<{ count: number }[]>(countRequestSql(Prisma.sql`${key}`, window));
  const count = Number(row?.count ?? 0);
  if (count > SIGN_IN_ATTEMPTS) throw new SignInLimited(Math.max(1, Math.ceil((window.end - now) / 1000)));
  return {
    count,
    async succeeded() {
      await db.$executeRaw`UPDATE "RateLimitCounter" SET "count" = "count" - 1 WHERE "key" = ${key} AND "windowStart" = ${BigInt(window.start)} AND "count" > 0`;
    },
  };
}

/**
 * The identity the credentials prove, or 401 INVALID_CREDENTIALS: the same answer, after the
 * same scrypt work, for an unknown email, a wrong password, a disabled person or one who has
 * not set a password yet. Success and failure are audited (the attempt count, never the password).
 */
export async function signIn(deps: { db: Db; ops: OpsAuthDeps }, c: Credentials, ip: string): Promise<Identity> {
  const { db } = deps;
  if ('opsKey' in c) {
    const attempts = await countAttempt(db, `ops:${hashApiKey(c.opsKey)}`, ip);
    const attempt = attempts.count;
    const breakGlass = deps.ops.breakGlassKey.reveal();
    // the break-glass key is for emergencies through the API, never a console session
    const person = c.opsKey === breakGlass ? null : await db.opsPerson.findUnique({ where: { keyHash: hashApiKey(c.opsKey) } });
    if (!person || person.disabledAt || (person.expiresAt && person.expiresAt.getTime() <= Date.now())) {
      await appendAudit(db, { actor: 'public', action: 'session.sign_in_failed', subjectType: 'ops-person', subjectId: person?.id ?? 'unknown', detail: { attempt } });
      throw invalid();
    }
    await attempts.succeeded();
    await appendAudit(db, { actor: `ops:${person.name}`, action: 'session.signed_in', subjectType: 'ops-person', subjectId: person.id, detail: { attempt } });
    return { kind: 'ops', personId: person.id, name: person.name, role: person.role as OpsRole };
  }
  const email = c.email.trim().toLowerCase();
  const attempts = await countAttempt(db, `email:${email}`, ip);
  const attempt = attempts.count;
  const person = await db.person.findUnique({ where: { email }, include: { enterprise: true } });
  const ok = await verifyPassword(c.password, person?.passwordHash);
  if (!person || !ok || person.disabledAt) {
    await appendAudit(db, { actor: 'public', action: 'session.sign_in_failed', subjectType: 'person', subjectId: person?.id ?? 'unknown', detail: { attempt } });
    throw invalid();
  }
  if (person.passwordHash && needsRehash(person.passwordHash)) {
    await db.person.update({ where: { id: person.id }, data: { passwordHash: await hashPassword(c.password) } });
  }
  await attempts.succeeded();
  await appendAudit(db, { actor: `person:${person.id}`, action: 'session.signed_in', subjectType: 'person', subjectId: person.id, detail: { enterpriseId: person.enterpriseId, attempt } });
  return enterpriseIdentity(person);
}
