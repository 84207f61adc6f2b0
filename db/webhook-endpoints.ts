import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from './audit.js';
import { Prisma, type Db } from './client.js';

type Row = Awaited<ReturnType<Db['webhookEndpoint']['findFirstOrThrow']>>;

/** An endpoint as the API shows it (never its secret; schema: api/webhooks/schemas.ts Endpoint). */
export function endpointView(r: Row) {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.eventTypes,
    status: r.status,
    failingSince: r.failingSince?.toISOString() ?? null,
    disabledReason: r.disabledReason,
    previousSecretValidUntil: r.previousSecretUntil && r.previousSecretUntil > new Date() ? r.previousSecretUntil.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

export const newEndpointId = (): string => `we_${randomBytes(12).toString('base64url')}`;

/** The caller's endpoint, or undefined (also for another enterprise's id or a deleted one). */
export async function endpointOf(db: Db, enterpriseId: string, id: string): Promise<Row | undefined> {
  return (await db.webhookEndpoint.findFirst({ where: { id, enterpriseId, deletedAt: null } })) ?? undefined;
}

export async function endpointsOf(db: Db, enterpriseId: string): Promise<Row[]> {
  return db.webhookEndpoint.findMany({ where: { enterpriseId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
}

/**
 * Every change to an endpoint is one audit entry in the transaction that makes it (db/audit.ts).
 * The URL goes in as its origin and a digest only: receivers often carry a token in the path or
 * query, and the chain can never be edited to remove one. Never the secret, never the description
 * (free text).
 */
export function auditedUrl(url: string): { urlOrigin: string; urlSha256: string } {
  return { urlOrigin: new URL(url).origin, urlSha256: createHash('sha256').update(url).digest('hex').slice(0, 16) };
}

type Tx = Prisma.TransactionClient;
const audit = (tx: Tx, actor: string, action: string, id: string, detail: Record<string, unknown>) =>
  appendAudit(tx, { actor, action: `webhook_endpoint.${action}`, subjectType: 'webhook-endpoint', subjectId: id, detail });

/** Live endpoints an enterprise may hold at once. */
export const MAX_ENDPOINTS = 20;

export async function createEndpoint(db: Db, actor: string, e: { enterpriseId: string; url: string; description: string; eventTypes: string[]; sealedSecret: string }): Promise<Row | undefined> {
  return db.$transaction(async (tx) => {
    // the count and the insert under one lock per enterprise, so racing creations keep the limit
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`webhook-endpoints:${e.enterpriseId}`}))`;
    if ((await tx.webhookEndpoint.count({ where: { enterpriseId: e.enterpriseId, deletedAt: null } })) >= MAX_ENDPOINTS) return undefined;
    const row = await tx.webhookEndpoint.create({ data: { id: newEndpointId(), enterpriseId: e.enterpriseId, url: e.url, description: e.description, eventTypes: e.eventTypes, secret: e.sealedSecret } });
    await audit(tx, actor, 'created', row.id, { enterpriseId: e.enterpriseId, ...auditedUrl(e.url), eventTypes: e.eventTypes });
    return row;
  });
}

/** Changes the URL, description or event types (what is given). */
export async function updateEndpoint(db: Db, actor: string, id: string, change: { url?: string | undefined; description?: string | undefined; eventTypes?: string[] | undefined }): Promise<Row> {
  const data = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  return db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.update({ where: { id }, data });
    await audit(tx, actor, 'updated', id, {
      changed: Object.keys(data),
      ...(change.url === undefined ? {} : auditedUrl(change.url)),
      ...(change.eventTypes === undefined ? {} : { eventTypes: change.eventTypes }),
    });
    return row;
  });
}

/**
 * Pause (deliveries wait), resume (also an endpoint disabled for failing: its waiting deliveries
 * are tried again now) or delete (its waiting deliveries dropped).
 */
export async function setEndpointState(db: Db, actor: string, id: string, action: 'pause' | 'resume' | 'delete'): Promise<Row> {
  return db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { status: true } });
    let row: Row;
    if (action === 'delete') {
      const dropped = await tx.webhookDelivery.deleteMany({ where: { endpointId: id, status: 'PENDING' } });
      row = await tx.webhookEndpoint.update({ where: { id }, data: { status: 'DELETED', deletedAt: new Date() } });
      await audit(tx, actor, 'deleted', id, { from: before.status, pendingDropped: dropped.count });
      return row;
    }
    if (action === 'pause') row = await tx.webhookEndpoint.update({ where: { id }, data: { status: 'PAUSED' } });
    else {
      await tx.webhookDelivery.updateMany({ where: { endpointId: id, status: 'PENDING' }, data: { nextAttemptAt: new Date(), firstFailedAt: null } });
      row = await tx.webhookEndpoint.update({ where: { id }, data: { status: 'ACTIVE', failingSince: null, disabledReason: null } });
    }
    await audit(tx, actor, action === 'pause' ? 'paused' : 'resumed', id, { from: before.status });
    return row;
  });
}

/** A new secret; the previous one stays valid (deliveries signed with both) until `graceUntil`. */
export async function rotateSecret(db: Db, actor: string, id: string, sealedSecret: string, graceUntil: Date): Promise<Row> {
  return db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    const rotated = await tx.webhookEndpoint.update({ where: { id }, data: { secret: sealedSecret, previousSecret: row.secret, previousSecretUntil: graceUntil } });
    await audit(tx, actor, 'secret_rotated', id, { previousSecretValidUntil: graceUntil.toISOString() });
    return rotated;
  });
}

/**
 * Queues the caller's retained events for one endpoint again: one event (by id) or all since a
 * time, of the types it subscribes to; a delivered or failed one is sent anew. Returns how many.
 */
export async function replayEvents(db: Db, actor: string, ep: { id: string; enterpriseId: string; eventTypes: string[] }, what: { eventId?: string | undefined; since?: Date | undefined }): Promise<number> {
  return db.$transaction(async (tx) => {
    const queued = await queueReplay(tx, ep, what);
    await audit(tx, actor, 'replayed', ep.id, { ...(what.eventId ? { eventId: what.eventId } : {}), ...(what.since ? { since: what.since.toISOString() } : {}), queued });
    return queued;
  });
}

function queueReplay(tx: Tx, ep: { id: string; enterpriseId: string; eventTypes: string[] }, what: { eventId?: string | undefined; since?: Date | undefined }): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "WebhookDelivery" ("endpointId", "eventSeq", "orderingKey")
    SELECT ${ep.id}, ev."seq", ev."orderingKey" FROM "EnterpriseEvent" ev
    WHERE ev."enterpriseId" = ${ep.enterpriseId}
      ${ep.eventTypes.length ? Prisma.sql`AND ev."type" = ANY(${ep.eventTypes})` : Prisma.empty}
      ${what.eventId ? Prisma.sql`AND ev."id" = ${what.eventId}` : Prisma.empty}
      ${what.since ? Prisma.sql`AND ev."occurredAt" >= ${what.since}` : Prisma.empty}
    ON CONFLICT ("endpointId", "eventSeq") DO UPDATE
      SET "status" = 'PENDING', "attempts" = 0, "nextAttemptAt" = now(), "firstFailedAt" = NULL, "leaseUntil" = NULL, "deliveredAt" = NULL`;
}

/** The endpoint's attempts, newest first, before an attempt id (paging). */
export async function attemptsOf(db: Db, endpointId: string, q: { limit: number; before?: bigint | undefined }) {
  return db.webhookAttempt.findMany({
    where: { endpointId, ...(q.before === undefined ? {} : { id: { lt: q.before } }) },
    orderBy: { id: 'desc' },
    take: q.limit,
  });
}
