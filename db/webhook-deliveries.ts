import { Prisma, type Db } from './client.js';
import { appendEvent, OUTBOX_START, readOutbox, type OutboxRow } from './events.js';

/**
 * The delivery queue: fan-out of outbox events to the endpoints subscribed to them, then one
 * delivery at a time per endpoint and ordering key (a shipment's events in order), retried with
 * backoff. Used by the delivery loop (api/webhooks/delivery.ts); several API processes may run it.
 */

const FANOUT = 'fanout';

/** Queues the outbox events after the fan-out cursor for every subscribed endpoint; returns how many events it passed. */
export async function fanOut(db: Db, limit: number): Promise<number> {
  return db.$transaction(async (tx) => {
    // one fan-out at a time (the row lock), so the cursor moves once per event
    await tx.$executeRaw`INSERT INTO "WebhookCursor" ("name", "txid", "seq") VALUES (${FANOUT}, ${OUTBOX_START.txid}, ${OUTBOX_START.seq}) ON CONFLICT DO NOTHING`;
    const [cursor] = await tx.$queryRaw<{ txid: bigint; seq: bigint }[]>`SELECT "txid", "seq" FROM "WebhookCursor" WHERE "name" = ${FANOUT} FOR UPDATE`;
    const events = await readOutbox(tx, { after: cursor ?? OUTBOX_START, limit });
    const last = events.at(-1);
    if (!last) return 0;
    const values = events.map((e) => Prisma.sql`(${e.seq}::bigint, ${e.enterpriseId}, ${e.type}, ${e.orderingKey})`);
    await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" ("endpointId", "eventSeq", "orderingKey")
      SELECT ep."id", ev.seq, ev.key FROM (VALUES ${Prisma.join(values)}) AS ev(seq, enterprise, type, key)
      JOIN "WebhookEndpoint" ep ON ep."enterpriseId" = ev.enterprise AND ep."deletedAt" IS NULL
        AND (cardinality(ep."eventTypes") = 0 OR ev.type = ANY(ep."eventTypes"))
      ON CONFLICT ("endpointId", "eventSeq") DO NOTHING`;
    await tx.$executeRaw`UPDATE "WebhookCursor" SET "txid" = ${last.txid}, "seq" = ${last.seq} WHERE "name" = ${FANOUT}`;
    return events.length;
  });
}

export interface DueDelivery {
  deliveryId: bigint;
  attempts: number;
  firstFailedAt: Date | null;
  endpointId: string;
  enterpriseId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  failingSince: Date | null;
  event: OutboxRow;
}

/**
 * Claims due deliveries for `leaseMs`: per active endpoint and ordering key only the oldest one
 * waiting (the next ones wait for it to be delivered or given up). A claim another process holds
 * is skipped; an expired one (its process died) is taken over.
 */
export async function claimDue(db: Db, q: { now: Date; limit: number; leaseMs: number }): Promise<DueDelivery[]> {
  const rows = await db.$queryRaw<(Omit<DueDelivery, 'event'> & Omit<OutboxRow, 'txid'>)[]>`
    WITH due AS (
      SELECT h."id" FROM (
        SELECT DISTINCT ON ("endpointId", "orderingKey") "id", "endpointId", "nextAttemptAt", "leaseUntil" FROM "WebhookDelivery"
        WHERE "status" = 'PENDING' ORDER BY "endpointId", "orderingKey", "eventSeq"
      ) h JOIN "WebhookEndpoint" ep ON ep."id" = h."endpointId" AND ep."status" = 'ACTIVE'
      WHERE h."nextAttemptAt" <= ${q.now} AND (h."leaseUntil" IS NULL OR h."leaseUntil" < ${q.now})
      ORDER BY h."nextAttemptAt" LIMIT ${q.limit}
    ), claimed AS (
      UPDATE "WebhookDelivery" d SET "leaseUntil" = ${new Date(q.now.getTime() + q.leaseMs)}
      FROM "WebhookEndpoint" ep
      WHERE d."id" IN (SELECT "id" FROM due) AND ep."id" = d."endpointId"
        AND d."status" = 'PENDING' AND (d."leaseUntil" IS NULL OR d."leaseUntil" < ${q.now})
      RETURNING d."id" AS "deliveryId", d."attempts", d."firstFailedAt", d."eventSeq", ep."id" AS "endpointId", ep."enterpriseId", ep."url", ep."secret",
        ep."previousSecret", ep."previousSecretUntil", ep."failingSince"
    )
    SELECT c.*, ev."seq", ev."id", ev."shipmentId", ev."sequence", ev."orderingKey", ev."type", ev."version", ev."occurredAt", ev."data"
    FROM claimed c JOIN "EnterpriseEvent" ev ON ev."seq" = c."eventSeq"`;
  return rows.map((r) => ({
    deliveryId: r.deliveryId, attempts: r.attempts, firstFailedAt: r.firstFailedAt, endpointId: r.endpointId, enterpriseId: r.enterpriseId, url: r.url,
    secret: r.secret, previousSecret: r.previousSecret, previousSecretUntil: r.previousSecretUntil, failingSince: r.failingSince,
    event: { seq: r.seq, txid: 0n, id: r.id, enterpriseId: r.enterpriseId, shipmentId: r.shipmentId, sequence: r.sequence, orderingKey: r.orderingKey, type: r.type, version: r.version, occurredAt: r.occurredAt, data: r.data },
  }));
}

export interface AttemptOutcome {
  at: Date;
  ok: boolean;
  statusCode?: number | undefined;
  latencyMs: number;
  error?: string | undefined;
  excerpt?: string | undefined;
  /** When to try again (a failure), from the backoff schedule. */
  retryAt: Date;
  /** Failures since this long (real ms) give the delivery up; the endpoint is disabled after `disableAfterMs` of failures. */
  giveUpAfterMs: number;
  disableAfterMs: number;
}

/** Logs an attempt and moves the delivery and its endpoint on: delivered, retried later, given up; the endpoint disabled. */
export async function recordAttempt(db: Db, d: DueDelivery, o: AttemptOutcome): Promise<'DELIVERED' | 'RETRY' | 'FAILED'> {
  return db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { endpointId: d.endpointId, deliveryId: d.deliveryId, eventId: d.event.id, at: o.at, statusCode: o.statusCode ?? null, latencyMs: o.latencyMs, ok: o.ok, error: o.error?.slice(0, 500) ?? null, responseExcerpt: o.excerpt?.slice(0, 500) ?? null },
    });
    if (o.ok) {
      await tx.webhookDelivery.update({ where: { id: d.deliveryId }, data: { status: 'DELIVERED', deliveredAt: o.at, attempts: { increment: 1 }, leaseUntil: null } });
      await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, failingSince: { not: null } }, data: { failingSince: null } });
      return 'DELIVERED';
    }
    const firstFailedAt = d.firstFailedAt ?? o.at;
    const giveUp = o.at.getTime() - firstFailedAt.getTime() >= o.giveUpAfterMs;
    await tx.webhookDelivery.update({
      where: { id: d.deliveryId },
      data: { status: giveUp ? 'FAILED' : 'PENDING', attempts: { increment: 1 }, firstFailedAt, nextAttemptAt: o.retryAt, leaseUntil: null },
    });
    const failingSince = d.failingSince ?? o.at;
    if (!d.failingSince) await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, failingSince: null }, data: { failingSince } });
    if (o.at.getTime() - failingSince.getTime() >= o.disableAfterMs) {
      const reason = `every delivery failed since ${failingSince.toISOString()} (last: ${o.statusCode ?? o.error ?? 'no answer'})`;
      const disabled = await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, status: 'ACTIVE' }, data: { status: 'DISABLED', disabledReason: reason } });
      // the enterprise is told in its feed (and by its other endpoints): the same transaction, once
      if (disabled.count > 0) {
        await appendEvent(tx, {
          id: `evt_disabled_${d.endpointId}_${o.at.getTime()}`, enterpriseId: d.enterpriseId, type: 'webhook_endpoint.disabled', orderingKey: `endpoint:${d.endpointId}`, occurredAt: o.at,
          data: { endpointId: d.endpointId, url: d.url, failingSince: failingSince.toISOString(), reason },
        });
      }
    }
    return giveUp ? 'FAILED' : 'RETRY';
  });
}
