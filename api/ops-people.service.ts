import { randomBytes } from 'node:crypto';
import { appendAudit } from '../db/audit.js';
import { Prisma, type Db } from '../db/client.js';
import { revokeOpsPersonSessions } from '../db/sessions.js';
import { hashApiKey } from './auth.js';
import { ApiError } from './errors.js';
import type { OpsRole } from './ops-auth.js';

/**
 * Ops people (per-person ops credentials): created, re-keyed and disabled by an ops admin (or,
 * for the first admin, by `cbec ops create-admin`). Each change commits with its audit entry.
 * The key is shown once and stored as its SHA-256; it expires after `expiresInDays`.
 */

export const DEFAULT_OPS_KEY_DAYS = 90;

type PersonRow = Awaited<ReturnType<Db['opsPerson']['findUniqueOrThrow']>>;

export function opsPersonView(p: PersonRow) {
  return {
    id: p.id,
    name: p.name,
    role: p.role as OpsRole,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
    keyIssuedAt: p.keyIssuedAt.toISOString(),
    expiresAt: p.expiresAt ? p.expiresAt.toISOString() : null,
    disabledAt: p.disabledAt ? p.disabledAt.toISOString() : null,
  };
}

const newOpsKey = () => `cbec_ops_${randomBytes(32).toString('base64url')}`;
const expiry = (days: number) => new Date(Date.now() + days * 86_400_000);

function personNotFound(): ApiError {
  return new ApiError(404, 'OPS_PERSON_NOT_FOUND', 'no such ops person', [{ path: 'params.id', message: 'unknown ops person' }]);
}

export async function createOpsPerson(db: Db, p: { name: string; role: OpsRole; expiresInDays?: number | undefined; actor: string }) {
  const key = newOpsKey();
  const id = `ops-${randomBytes(6).toString('hex')}`;
  const days = p.expiresInDays ?? DEFAULT_OPS_KEY_DAYS;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.opsPerson.create({ data: { id, name: p.name, role: p.role, keyHash: hashApiKey(key), createdBy: p.actor, expiresAt: expiry(days) } });
      await appendAudit(tx, { actor: p.actor, action: 'ops_person.created', subjectType: 'ops-person', subjectId: id, detail: { name: p.name, role: p.role, expiresAt: row.expiresAt?.toISOString() } });
      return { person: opsPersonView(row), key };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ApiError(409, 'OPS_PERSON_EXISTS', `an ops person named ${p.name} exists already`, [{ path: 'body.name', message: 'already used' }]);
    }
    throw err;
  }
}

/** A new key for the person (the old one stops working at once); also re-enables a disabled person. */
export async function rekeyOpsPerson(db: Db, id: string, p: { expiresInDays?: number | undefined; actor: string }) {
  const key = newOpsKey();
  const days = p.expiresInDays ?? DEFAULT_OPS_KEY_DAYS;
  return db.$transaction(async (tx) => {
    const found = await tx.opsPerson.findUnique({ where: { id } });
    if (!found) throw personNotFound();
    const row = await tx.opsPerson.update({ where: { id }, data: { keyHash: hashApiKey(key), keyIssuedAt: new Date(), expiresAt: expiry(days), disabledAt: null } });
    await revokeOpsPersonSessions(tx, row); // console and codec sessions opened with the old key end too
    await appendAudit(tx, { actor: p.actor, action: 'ops_person.key_issued', subjectType: 'ops-person', subjectId: id, detail: { name: row.name, role: row.role, expiresAt: row.expiresAt?.toISOString() } });
    return { person: opsPersonView(row), key };
  });
}

/** Disables the person's key and sessions (console, codec) at once; disabling a disabled person changes nothing (no entry). */
export async function disableOpsPerson(db: Db, id: string, actor: string) {
  return db.$transaction(async (tx) => {
    const found = await tx.opsPerson.findUnique({ where: { id } });
    if (!found) throw personNotFound();
    if (found.disabledAt) return opsPersonView(found);
    const row = await tx.opsPerson.update({ where: { id }, data: { disabledAt: new Date() } });
    await revokeOpsPersonSessions(tx, row);
    await appendAudit(tx, { actor, action: 'ops_person.disabled', subjectType: 'ops-person', subjectId: id, detail: { name: row.name, role: row.role } });
    return opsPersonView(row);
  });
}

export async function listOpsPeople(db: Db) {
  const rows = await db.opsPerson.findMany({ orderBy: { createdAt: 'asc' }, take: 1000 });
  return { items: rows.map(opsPersonView) };
}
