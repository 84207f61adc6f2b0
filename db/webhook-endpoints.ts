import { randomBytes } from 'node:crypto';
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

/** Live endpoints an enterprise may hold at once. */
export const MAX_ENDPOINTS = 20;

export async function createEndpoint(db: Db, e: { enterpriseId: string; url: string; description: string; eventTypes: string[]; sealedSecret: string }): Promise<Row | undefined> {
  return db.$transaction(async (tx) => {
    // the count and the insert under one lock per enterprise, so racing creations keep the limit
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`webhook-endpoints:${e.enterpriseId}`}))`;
    if ((await tx.webhookEndpoint.count({ where: { enterpriseId: e.enterpriseId, deletedAt: null } })) >= MAX_ENDPOINTS) return undefined;
    return tx.webhookEndpoint.create({ data: { id: newEndpointId(), enterpriseId: e.enterpriseId, url: e.url, description: e.description, eventTypes: e.eventTypes, secret: e.sealedSecret } });
  });
}

/**
 * Pause (deliveries wait), resume (also an endpoint disabled for failing: its waiting deliveries
 * are tried again now) or delete (its waiting deliveries dropped).
 */
export async function setEndpointState(db: Db, id: string, action: 'pause' | 'resume' | 'delete'): Promise<Row> {
  return db.$transaction(async (tx) => {
    if (action === 'delete') {
      await tx.webhookDelivery.deleteMany({ where: { endpointId: id, status: 'PENDING' } });
      return tx.webhookEndpoint.update({ where: { id }, data: { status: 'DELETED', deletedAt: new Date() } });
    }
    if (action === 'pause') return tx.webhookEndpoint.update({ where: { id }, data: { status: 'PAUSED' } });
    await tx.webhookDelivery.updateMany({ where: { endpointId: id, status: 'PENDING' }, data: { nextAttemptAt: new Date(), firstFailedAt: null } });
    return tx.webhookEndpoint.update({ where: { id }, data: { status: 'ACTIVE', failingSince: null, disabledReason: null } });
  });
}

/** A new secret; the previous one stays valid (deliveries signed with both) until `graceUntil`. */
export async function rotateSecret(db: Db, id: string, sealedSecret: string, graceUntil: Date): Promise<Row> {
  const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
  return db.webhookEndpoint.update({ where: { id }, data: { secret: sealedSecret, previousSecret: row.secret, previousSecretUntil: graceUntil } });
}

/**
 * Queues the caller's retained events for one endpoint again: one event (by id) or all since a
 * time, of the types it subscribes to; a delivered or failed one is sent anew. Returns how many.
 */
export async function replayEvents(db: Db, ep: { id: string; enterpriseId: string; eventTypes: string[] }, what: { eventId?: string | undefined; since?: Date | undefined }): Promise<number> {
  return db.$executeRaw`
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
