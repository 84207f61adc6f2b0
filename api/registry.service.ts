import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { Prisma, type Db } from '../db/client.js';
import { decodeCursor, encodeCursor, InvalidCursor, type Cursor } from '../db/cursor.js';
import { sortRoles, type EnterpriseRole, type EnterpriseStatus } from '../domain/registry/roles.js';
import { usccWarning } from '../domain/registry/uscc.js';
import { hashApiKey, newApiKey } from './auth.js';
import { ApiError } from './errors.js';
import { createFirstAdmin, emailTaken } from './people.service.js';
import type { EnterpriseRegistration } from './registry.schemas.js';

/**
 * The enterprise registry (一次备案、多主体共享): registration, the ops decision, roles and API
 * keys. Each change and its audit entry commit in one transaction, so a 4xx writes nothing and
 * nothing is written without its audit entry.
 */

type Tx = Prisma.TransactionClient;
type KeyRow = { id: string; label: string; createdAt: Date; revokedAt: Date | null; expiresAt: Date | null; issuedBy: string | null };
type EnterpriseRow = Awaited<ReturnType<Db['enterprise']['findUniqueOrThrow']>> & { apiKeys: KeyRow[] };

/**
 * Registrations and approvals take this lock so that the checks for an approved holder of a
 * customs code or USCC cannot race; the partial unique indexes on approved enterprises
 * (prisma/schema.prisma) are the last word.
 */
const REGISTRATION_LOCK = 'SELECT pg_advisory_xact_lock(7161132949580735605)';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function enterpriseView(e: EnterpriseRow) {
  return {
    id: e.id,
    name: e.name,
    uscc: e.uscc,
    customsCode: e.customsCode,
    roles: e.roles,
    status: e.status as EnterpriseStatus,
    mergedInto: e.mergedInto,
    usccWarning: e.usccWarning,
    contacts: Array.isArray(e.contacts) ? (e.contacts as { name: string; title?: string; phone?: string; email?: string }[]) : [],
    approvedAt: iso(e.approvedAt),
    approvedBy: e.approvedBy,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    apiKeys: e.apiKeys.map(keyView),
  };
}

/** A key as the enterprise and ops see it: never the key or its hash. */
const keyView = (k: KeyRow) => ({ id: k.id, label: k.label, createdAt: k.createdAt.toISOString(), revokedAt: iso(k.revokedAt), expiresAt: iso(k.expiresAt), issuedBy: k.issuedBy });

const withKeys = { apiKeys: { orderBy: { createdAt: 'asc' as const }, select: { id: true, label: true, createdAt: true, revokedAt: true, expiresAt: true, issuedBy: true } } };

export async function getEnterprise(db: Db | Tx, id: string) {
  const row = await db.enterprise.findUnique({ where: { id }, include: withKeys });
  if (!row) throw enterpriseNotFound();
  return enterpriseView(row);
}

export function enterpriseNotFound(): ApiError {
  return new ApiError(404, 'ENTERPRISE_NOT_FOUND', 'no such enterprise', [{ path: 'params.id', message: 'unknown enterprise' }]);
}

export async function registerEnterprise(db: Db, body: z.infer<typeof EnterpriseRegistration>) {
  const warning = usccWarning(body.uscc);
  const id = `ent-${randomBytes(6).toString('hex')}`;
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(REGISTRATION_LOCK);
      await refuseHeldCodes(tx, body, 'body');
      const roles = sortRoles(body.roles);
      await tx.enterprise.create({
        data: { id, name: body.name, uscc: body.uscc, customsCode: body.customsCode, roles, status: 'PENDING', contacts: body.contacts as Prisma.InputJsonArray, usccWarning: warning ?? null },
      });
      // contacts are personal data: never in the audit trail
      await appendAudit(tx, {
        actor: 'public',
        action: 'enterprise.registered',
        subjectType: 'enterprise',
        subjectId: id,
        detail: { customsCode: body.customsCode, uscc: body.uscc, roles, usccCheckFailed: warning !== undefined },
      });
      // the first console admin, when named: a setup token that works once ops approve (api/people.service.ts)
      const adminSetup = body.admin ? await createFirstAdmin(tx, id, body.admin) : undefined;
      return {
        enterprise: await getEnterprise(tx, id),
        warnings: warning ? [{ code: 'USCC_CHECK_FAILED', path: 'body.uscc', message: warning.replace(/^USCC_CHECK_FAILED: /, '') }] : [],
        ...(adminSetup ? { adminSetup } : {}),
      };
    });
  } catch (err) {
    throw heldCodeRace(err);
  }
}

/**
 * A customs code or USCC is held only by an APPROVED enterprise: an unapproved (PENDING, REJECTED
 * or MERGED) registration blocks nobody, so no one can squat a competitor's codes by registering
 * them first. `except` is the enterprise being approved itself.
 */
async function refuseHeldCodes(tx: Tx, codes: { customsCode: string; uscc: string | null }, where: 'body' | 'params', except?: string): Promise<void> {
  const held = await tx.enterprise.findMany({
    where: { status: 'APPROVED', ...(except ? { id: { not: except } } : {}), OR: [{ customsCode: codes.customsCode }, ...(codes.uscc ? [{ uscc: codes.uscc }] : [])] },
    select: { customsCode: true },
  });
  if (held.some((e) => e.customsCode === codes.customsCode)) throw customsCodeTaken(where);
  if (held.length > 0) throw usccTaken(where);
}

/** Two approvals or registrations raced past the check: the partial unique index decided. */
function heldCodeRace(err: unknown): unknown {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) return err;
  if (String(err.meta?.target ?? err.message).includes('email')) return emailTaken('body.admin.email');
  return String(err.meta?.target ?? err.message).includes('uscc') ? usccTaken('params') : customsCodeTaken('params');
}

function customsCodeTaken(where: 'body' | 'params'): ApiError {
  return new ApiError(409, 'CUSTOMS_CODE_TAKEN', 'an approved enterprise already holds this customs registration code', [
    { path: where === 'body' ? 'body.customsCode' : 'params.id', message: 'held by an approved enterprise' },
  ]);
}

function usccTaken(where: 'body' | 'params'): ApiError {
  return new ApiError(409, 'USCC_TAKEN', 'an approved enterprise already holds this Unified Social Credit Code (one registration per enterprise)', [
    { path: where === 'body' ? 'body.uscc' : 'params.id', message: 'held by an approved enterprise' },
  ]);
}

const FROM: Record<'APPROVE' | 'REJECT', string[]> = { APPROVE: ['PENDING', 'REJECTED'], REJECT: ['PENDING', 'APPROVED'] };

/**
 * The ops decision. APPROVE (from PENDING, or again after a rejection) issues an API key when the
 * enterprise has no active one; REJECT (from PENDING, or withdrawing an approval) keeps its keys,
 * which then can no longer create shipments. Deciding what is already in force is a 409.
 */
export async function decideApproval(db: Db, id: string, d: { decision: 'APPROVE' | 'REJECT'; actor: string; note?: string | undefined }) {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(REGISTRATION_LOCK);
    const before = await tx.enterprise.findUnique({ where: { id }, select: { status: true, customsCode: true, uscc: true } });
    if (!before) throw enterpriseNotFound();
    const status = d.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    if (status === 'APPROVED' && FROM.APPROVE.includes(before.status)) await refuseHeldCodes(tx, before, 'params', id);
    const now = new Date();
    const changed = await tx.enterprise.updateMany({
      where: { id, status: { in: FROM[d.decision] } },
      data: { status, ...(status === 'APPROVED' ? { approvedAt: now, approvedBy: d.actor } : {}) },
    });
    if (changed.count === 0) {
      throw new ApiError(409, 'ENTERPRISE_ALREADY_DECIDED', `the enterprise is already ${before.status}`, [{ path: 'body.decision', message: `not allowed from ${before.status}` }]);
    }
    const actor = d.actor;
    await appendAudit(tx, {
      actor,
      action: status === 'APPROVED' ? 'enterprise.approved' : 'enterprise.rejected',
      subjectType: 'enterprise',
      subjectId: id,
      // a rejected registration holds no code: the audit entry says which it released
      detail: { from: before.status, to: status, ...(status === 'REJECTED' ? { released: { customsCode: before.customsCode, uscc: before.uscc } } : {}), ...(d.note ? { note: d.note } : {}) },
    });
    const active = await tx.apiKey.count({ where: { enterpriseId: id, revokedAt: null } });
    const apiKey = status === 'APPROVED' && active === 0 ? await issueKeyIn(tx, id, { label: 'default', actor, reason: 'approval' }) : null;
    return { enterprise: await getEnterprise(tx, id), apiKey };
  }).catch((err: unknown) => {
    throw heldCodeRace(err);
  });
}

/**
 * Merges an unapproved registration into the approved enterprise whose customs code or USCC it
 * repeats (a second registration of the same enterprise, or a squatter's): the registration ends
 * as MERGED, pointing at the enterprise, and can never be approved; the enterprise is unchanged.
 */
export async function mergeRegistration(db: Db, id: string, m: { into: string; actor: string; note?: string | undefined }) {
  return db.$transaction(async (tx) => {
    const [source, target] = await Promise.all([id, m.into].map((e) => tx.enterprise.findUnique({ where: { id: e }, select: { status: true, customsCode: true, uscc: true } })));
    if (!source) throw enterpriseNotFound();
    if (!target || target.status !== 'APPROVED') throw new ApiError(409, 'MERGE_TARGET_NOT_APPROVED', 'registrations are merged into an approved enterprise', [{ path: 'body.into', message: 'not an approved enterprise' }]);
    if (source.customsCode !== target.customsCode && (!source.uscc || source.uscc !== target.uscc)) {
      throw new ApiError(409, 'MERGE_MISMATCH', 'the registration shares neither the customs code nor the USCC of that enterprise', [{ path: 'body.into', message: 'a different enterprise' }]);
    }
    const merged = await tx.enterprise.updateMany({ where: { id, status: { in: ['PENDING', 'REJECTED'] } }, data: { status: 'MERGED', mergedInto: m.into } });
    if (merged.count === 0) {
      throw new ApiError(409, 'ENTERPRISE_ALREADY_DECIDED', `the enterprise is already ${source.status}`, [{ path: 'params.id', message: `not allowed from ${source.status}` }]);
    }
    await appendAudit(tx, {
      actor: m.actor,
      action: 'enterprise.merged',
      subjectType: 'enterprise',
      subjectId: id,
      detail: { from: source.status, into: m.into, customsCode: source.customsCode, uscc: source.uscc, ...(m.note ? { note: m.note } : {}) },
    });
    return getEnterprise(tx, id);
  });
}

export async function changeRoles(db: Db, id: string, r: { roles: EnterpriseRole[]; actor: string }) {
  return db.$transaction(async (tx) => {
    const before = await tx.enterprise.findUnique({ where: { id }, select: { roles: true } });
    if (!before) throw enterpriseNotFound();
    const roles = sortRoles(r.roles);
    if (roles.join() !== before.roles.join()) {
      await tx.enterprise.update({ where: { id }, data: { roles } });
      await appendAudit(tx, { actor: r.actor, action: 'enterprise.roles_changed', subjectType: 'enterprise', subjectId: id, detail: { from: before.roles, to: roles } });
    }
    return getEnterprise(tx, id);
  });
}

/** A new key for an approved enterprise (rotation: the old keys stay valid until revoked). */
export async function issueKey(db: Db, id: string, k: { label?: string | undefined; expiresInDays?: number | undefined; actor: string }) {
  return db.$transaction(async (tx) => {
    const e = await tx.enterprise.findUnique({ where: { id }, select: { status: true } });
    if (!e) throw enterpriseNotFound();
    if (e.status !== 'APPROVED') {
      throw new ApiError(403, 'ENTERPRISE_NOT_APPROVED', `keys are issued to approved enterprises only; this one is ${e.status}`);
    }
    return issueKeyIn(tx, id, { label: k.label ?? 'rotated', actor: k.actor, reason: 'rotation', expiresInDays: k.expiresInDays });
  });
}

async function issueKeyIn(tx: Tx, enterpriseId: string, k: { label: string; actor: string; reason: 'approval' | 'rotation'; expiresInDays?: number | undefined }) {
  const key = newApiKey();
  const keyHash = hashApiKey(key);
  const expiresAt = k.expiresInDays ? new Date(Date.now() + k.expiresInDays * 86_400_000) : null;
  const row = await tx.apiKey.create({ data: { id: `key_${keyHash.slice(0, 16)}`, enterpriseId, keyHash, label: k.label, expiresAt, issuedBy: k.actor } });
  // the key and its hash never go into the audit trail
  await appendAudit(tx, { actor: k.actor, action: 'apikey.issued', subjectType: 'apikey', subjectId: row.id, detail: { enterpriseId, label: k.label, reason: k.reason, expiresAt: iso(expiresAt) } });
  return { id: row.id, key, label: row.label, createdAt: row.createdAt.toISOString(), expiresAt: iso(row.expiresAt) };
}

/** Revokes one of the enterprise's keys; revoking a revoked key again changes nothing (200, no entry). */
export async function revokeKey(db: Db, id: string, keyId: string, actor: string) {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, enterpriseId: id } });
    if (!key) throw new ApiError(404, 'API_KEY_NOT_FOUND', 'no such API key for this enterprise', [{ path: 'params.keyId', message: 'unknown key' }]);
    const revoked = await tx.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 1) await appendAudit(tx, { actor, action: 'apikey.revoked', subjectType: 'apikey', subjectId: keyId, detail: { enterpriseId: id, label: key.label } });
    return keyView(await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } }));
  });
}

export async function listEnterprises(db: Db, q: { status?: string | undefined; cursor?: string | undefined; limit: number }) {
  const after = q.cursor ? pageAfter(q.cursor) : undefined;
  const rows = await db.enterprise.findMany({
    where: {
      ...(q.status ? { status: q.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.c } }, { createdAt: after.c, id: { lt: after.i } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
    include: withKeys,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(enterpriseView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** The position of a page; a cursor this API did not issue is a 400 on the query's cursor. */
function pageAfter(cursor: string): Cursor {
  try {
    return decodeCursor(cursor);
  } catch (err) {
    if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.cursor', message: 'not issued by this API' }]);
    throw err;
  }
}
