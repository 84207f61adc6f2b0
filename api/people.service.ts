import { randomBytes } from 'node:crypto';
import { appendAudit } from '../db/audit.js';
import { Prisma, type Db } from '../db/client.js';
import { revokePersonSessions } from '../db/sessions.js';
import { hashApiKey } from './auth.js';
import { ApiError } from './errors.js';
import { hashPassword, passwordProblem } from './people-passwords.js';
import { enterpriseIdentity, type Identity, type PersonRole } from './people-session.js';

/**
 * People of enterprises who sign in to the console (table Person): invited by an ADMIN of their
 * enterprise (or named at registration as its first admin), each with a role. A person sets a
 * password with a one-time invitation token (table Invitation: shown once, stored as its SHA-256,
 * expiring). Every change commits with its audit entry; passwords and tokens never reach the audit.
 */

type Tx = Prisma.TransactionClient;
type PersonRow = Awaited<ReturnType<Db['person']['findUniqueOrThrow']>>;

/** An invitation to a colleague lasts a week… */
export const INVITATION_DAYS = 7;
/** …the first admin's setup token a month (it waits for the ops approval). */
export const SETUP_DAYS = 30;

export const newPersonId = () => `person-${randomBytes(8).toString('hex')}`;
const newInvitationToken = () => `cbec_inv_${randomBytes(32).toString('base64url')}`;

export function personView(p: PersonRow) {
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    role: p.role as PersonRole,
    status: p.disabledAt ? ('DISABLED' as const) : p.passwordHash ? ('ACTIVE' as const) : ('INVITED' as const),
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
    disabledAt: p.disabledAt ? p.disabledAt.toISOString() : null,
  };
}

const personNotFound = () => new ApiError(404, 'PERSON_NOT_FOUND', 'no such person in your enterprise', [{ path: 'params.id', message: 'unknown person' }]);
export const emailTaken = (path: string) => new ApiError(409, 'PERSON_EXISTS', 'a person with this email exists already (an email signs in one person in the zone)', [{ path, message: 'already used' }]);
const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/** A new one-time token for the person; earlier unused ones stop working. */
async function issueInvitation(tx: Tx, personId: string, purpose: 'INVITE' | 'SETUP', actor: string): Promise<{ token: string; expiresAt: string }> {
  const now = new Date();
  await tx.invitation.updateMany({ where: { personId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + (purpose === 'SETUP' ? SETUP_DAYS : INVITATION_DAYS) * 86_400_000);
  await tx.invitation.create({ data: { id: `inv-${randomBytes(8).toString('hex')}`, personId, tokenHash: hashApiKey(token), purpose, createdBy: actor, expiresAt } });
  return { token, expiresAt: expiresAt.toISOString() };
}

export async function listPeople(db: Db, enterpriseId: string) {
  const rows = await db.person.findMany({ where: { enterpriseId }, orderBy: { createdAt: 'asc' }, take: 1000 });
  return { items: rows.map(personView) };
}

/** Invites a colleague with a role: the person and a one-time invitation token (shown this once). */
export async function invitePerson(db: Db, enterpriseId: string, p: { email: string; name: string; role: PersonRole; actor: string }) {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.person.create({ data: { id: newPersonId(), enterpriseId, email: p.email, name: p.name, role: p.role, createdBy: p.actor } });
      const invitation = await issueInvitation(tx, row.id, 'INVITE', p.actor);
      // the email and name are personal data: never in the audit trail
      await appendAudit(tx, { actor: p.actor, action: 'person.invited', subjectType: 'person', subjectId: row.id, detail: { enterpriseId, role: p.role, expiresAt: invitation.expiresAt } });
      return { person: personView(row), invitation };
    });
  } catch (err) {
    throw isUniqueViolation(err) ? emailTaken('body.email') : err;
  }
}

/**
 * The first admin named at registration, in the registration's transaction: an ADMIN without a
 * password and a SETUP token that works once ops approved the enterprise.
 */
export async function createFirstAdmin(tx: Tx, enterpriseId: string, a: { email: string; name: string }) {
  if (await tx.person.findUnique({ where: { email: a.email }, select: { id: true } })) throw emailTaken('body.admin.email');
  const row = await tx.person.create({ data: { id: newPersonId(), enterpriseId, email: a.email, name: a.name, role: 'ADMIN', createdBy: 'public' } });
  const setup = await issueInvitation(tx, row.id, 'SETUP', 'public');
  await appendAudit(tx, { actor: 'public', action: 'person.invited', subjectType: 'person', subjectId: row.id, detail: { enterpriseId, role: 'ADMIN', purpose: 'SETUP', expiresAt: setup.expiresAt } });
  return { personId: row.id, token: setup.token, expiresAt: setup.expiresAt };
}

/** A new invitation token for a person of the enterprise (lost or expired token, forgotten password). */
export async function reinvitePerson(db: Db, enterpriseId: string, id: string, actor: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.person.findFirst({ where: { id, enterpriseId } });
    if (!row) throw personNotFound();
    if (row.disabledAt) throw new ApiError(409, 'PERSON_DISABLED', 'enable the person first (PATCH with disabled: false)', [{ path: 'params.id', message: 'disabled' }]);
    const invitation = await issueInvitation(tx, row.id, 'INVITE', actor);
    await appendAudit(tx, { actor, action: 'person.reinvited', subjectType: 'person', subjectId: row.id, detail: { enterpriseId, expiresAt: invitation.expiresAt } });
    return { person: personView(row), invitation };
  });
}

/**
 * Changes a person's role or disables (enables) them; disabling ends their sessions at once.
 * The enterprise keeps at least one active ADMIN (409 LAST_ADMIN).
 */
export async function updatePerson(db: Db, enterpriseId: string, id: string, change: { role?: PersonRole | undefined; disabled?: boolean | undefined; actor: string }) {
  return db.$transaction(async (tx) => {
    const row = await tx.person.findFirst({ where: { id, enterpriseId } });
    if (!row) throw personNotFound();
    const role = change.role ?? (row.role as PersonRole);
    const disabled = change.disabled ?? row.disabledAt !== null;
    const wasActiveAdmin = row.role === 'ADMIN' && !row.disabledAt;
    if (wasActiveAdmin && (role !== 'ADMIN' || disabled)) {
      const others = await tx.person.count({ where: { enterpriseId, role: 'ADMIN', disabledAt: null, id: { not: id } } });
      if (others === 0) throw new ApiError(409, 'LAST_ADMIN', 'the enterprise needs at least one active ADMIN: make someone else ADMIN first', [{ path: change.role !== undefined ? 'body.role' : 'body.disabled', message: 'last active ADMIN' }]);
    }
    const updated = await tx.person.update({ where: { id }, data: { role, disabledAt: disabled ? (row.disabledAt ?? new Date()) : null } });
    if (role !== row.role) await appendAudit(tx, { actor: change.actor, action: 'person.role_changed', subjectType: 'person', subjectId: id, detail: { enterpriseId, from: row.role, to: role } });
    if (disabled && !row.disabledAt) {
      const ended = await revokePersonSessions(tx, 'enterprise', id);
      await tx.invitation.updateMany({ where: { personId: id, usedAt: null, expiresAt: { gt: new Date() } }, data: { expiresAt: new Date() } });
      await appendAudit(tx, { actor: change.actor, action: 'person.disabled', subjectType: 'person', subjectId: id, detail: { enterpriseId, sessionsEnded: ended } });
    }
    if (!disabled && row.disabledAt) await appendAudit(tx, { actor: change.actor, action: 'person.enabled', subjectType: 'person', subjectId: id, detail: { enterpriseId } });
    return personView(updated);
  });
}

const invitationInvalid = () => new ApiError(400, 'INVITATION_INVALID', 'unknown, used or expired invitation token: ask an ADMIN of your enterprise for a new one', [{ path: 'body.token', message: 'not a valid invitation' }]);

/**
 * Sets the password with a one-time token and answers the person's identity (the route signs
 * them in). The token works once; a SETUP token only once ops approved the enterprise (409
 * ENTERPRISE_NOT_APPROVED before, the token kept). Earlier sessions of the person end.
 */
export async function acceptInvitation(db: Db, a: { token: string; password: string }): Promise<Identity> {
  const found = await db.invitation.findUnique({ where: { tokenHash: hashApiKey(a.token) }, include: { person: { include: { enterprise: true } } } });
  if (!found || found.usedAt || found.expiresAt <= new Date() || found.person.disabledAt) throw invitationInvalid();
  const { person } = found;
  if (found.purpose === 'SETUP' && person.enterprise.status !== 'APPROVED') {
    throw new ApiError(409, 'ENTERPRISE_NOT_APPROVED', `the enterprise's registration is ${person.enterprise.status}: the setup token works once platform ops approved it`, [{ path: 'body.token', message: 'enterprise not approved yet' }]);
  }
  const problem = passwordProblem(a.password, person.email);
  if (problem) throw new ApiError(400, 'PASSWORD_POLICY', `the password is not acceptable: ${problem}`, [{ path: 'body.password', message: problem }]);
  const passwordHash = await hashPassword(a.password);
  await db.$transaction(async (tx) => {
    // the token is spent by exactly one request, however many race
    const spent = await tx.invitation.updateMany({ where: { id: found.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (spent.count !== 1) throw invitationInvalid();
    await tx.person.update({ where: { id: person.id }, data: { passwordHash } });
    await revokePersonSessions(tx, 'enterprise', person.id);
    await appendAudit(tx, { actor: `person:${person.id}`, action: 'person.password_set', subjectType: 'person', subjectId: person.id, detail: { enterpriseId: person.enterpriseId, purpose: found.purpose } });
  });
  return enterpriseIdentity(person);
}

/**
 * Creates (or keeps) a person with a password, for the development demo and tests only: real
 * people set their password through an invitation.
 */
export async function ensurePersonWithPassword(db: Db, p: { enterpriseId: string; email: string; name: string; role: PersonRole; password: string; actor: string }): Promise<string> {
  const email = p.email.toLowerCase();
  const found = await db.person.findUnique({ where: { email } });
  if (found) return found.id;
  const row = await db.person.create({ data: { id: newPersonId(), enterpriseId: p.enterpriseId, email, name: p.name, role: p.role, passwordHash: await hashPassword(p.password), createdBy: p.actor } });
  return row.id;
}
