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
  /** The claim's lease: the delivery is this process's while it is unexpired and unchanged. */
  leaseUntil: Date;
  event: OutboxRow;
}

type ClaimedRow = Omit<DueDelivery, 'event'> & Omit<OutboxRow, 'txid'>;

/** The claimed rows' columns, from `claimed` (an UPDATE … RETURNING of the leased deliveries) joined to their events. */
const CLAIMED_COLUMNS = Prisma.sql`d."id" AS "deliveryId", d."attempts", d."firstFailedAt", d."eventSeq", d."leaseUntil", ep."id" AS "endpointId", ep."enterpriseId", ep."url", ep."secret",
        ep."previousSecret", ep."previousSecretUntil"`;
const WITH_EVENT = Prisma.sql`SELECT c.*, ev."seq", ev."id", ev."shipmentId", ev."sequence", ev."orderingKey", ev."type", ev."version", ev."occurredAt", ev."data"
    FROM claimed c JOIN "EnterpriseEvent" ev ON ev."seq" = c."eventSeq"`;

function toDue(r: ClaimedRow): DueDelivery {
  return {
    deliveryId: r.deliveryId, attempts: r.attempts, firstFailedAt: r.firstFailedAt, endpointId: r.endpointId, enterpriseId: r.enterpriseId, url: r.url,
    secret: r.secret, previousSecret: r.previousSecret, previousSecretUntil: r.previousSecretUntil, leaseUntil: r.leaseUntil,
    event: { seq: r.seq, txid: 0n, id: r.id, enterpriseId: r.enterpriseId, shipmentId: r.shipmentId, sequence: r.sequence, orderingKey: r.orderingKey, type: r.type, version: r.version, occurredAt: r.occurredAt, data: r.data },
  };
}

/**
 * Claims due deliveries for `leaseMs`: per active endpoint and ordering key only the oldest one
 * waiting (the next ones wait for it to be delivered or given up), and per endpoint at most
 * `perEndpoint` in flight (an unexpired lease is a request in flight, in any process). A claim
 * another process holds is skipped; an expired one (its process died) is taken over. Claims are
 * made one at a time (an advisory lock), so two processes cannot both fill an endpoint's last slot.
 */
export async function claimDue(db: Db, q: { now: Date; limit: number; leaseMs: number; perEndpoint: number }): Promise<DueDelivery[]> {
  if (q.limit <= 0) return [];
  const rows = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook-claim'))`;
    return tx.$queryRaw<ClaimedRow[]>`
    WITH heads AS (
      SELECT DISTINCT ON ("endpointId", "orderingKey") "id", "endpointId", "nextAttemptAt", "leaseUntil" FROM "WebhookDelivery"
      WHERE "status" = 'PENDING' ORDER BY "endpointId", "orderingKey", "eventSeq"
    ), busy AS (
      SELECT "endpointId", count(*)::int AS n FROM "WebhookDelivery"
      WHERE "status" = 'PENDING' AND "leaseUntil" >= ${q.now} GROUP BY "endpointId"
    ), ranked AS (
      SELECT h."id", h."nextAttemptAt", row_number() OVER (PARTITION BY h."endpointId" ORDER BY h."nextAttemptAt", h."id") + coalesce(b.n, 0) AS slot
      FROM heads h JOIN "WebhookEndpoint" ep ON ep."id" = h."endpointId" AND ep."status" = 'ACTIVE'
      LEFT JOIN busy b ON b."endpointId" = h."endpointId"
      WHERE h."nextAttemptAt" <= ${q.now} AND (h."leaseUntil" IS NULL OR h."leaseUntil" < ${q.now})
    ), due AS (
      SELECT "id" FROM ranked WHERE slot <= ${q.perEndpoint} ORDER BY "nextAttemptAt" LIMIT ${q.limit}
    ), free AS (
      -- never waits for a row a hand-off (recordDelivered) holds: that one may be waiting for a row claimed here (a deadlock)
      SELECT "id" FROM "WebhookDelivery" WHERE "id" IN (SELECT "id" FROM due) FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE "WebhookDelivery" d SET "leaseUntil" = ${new Date(q.now.getTime() + q.leaseMs)}
      FROM "WebhookEndpoint" ep
      WHERE d."id" IN (SELECT "id" FROM free) AND ep."id" = d."endpointId"
        AND d."status" = 'PENDING' AND (d."leaseUntil" IS NULL OR d."leaseUntil" < ${q.now})
      RETURNING ${CLAIMED_COLUMNS}
    )
    ${WITH_EVENT}`;
  });
  return rows.map(toDue);
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
  /** ... and after at least this many failed attempts (of the delivery; of the endpoint since it began failing). */
  minFailedAttempts: number;
}

/** The slot a delivered attempt hands on (api/webhooks/delivery.ts): a new lease of `leaseMs` from `now`, under the per-endpoint cap. */
export interface HandOff {
  now: Date;
  leaseMs: number;
  perEndpoint: number;
}

/**
 * Records a delivered attempt in one statement (one round trip, no interactive transaction):
 * logged, delivered, the endpoint no longer failing. With `handOff` the same statement claims the
 * endpoint's next due delivery (the oldest head of an ordering key, this one's own next event
 * included) under this one's slot and returns it. The endpoint's count of requests in flight does
 * not change, so the cap holds without the claim lock, but only while this process still holds
 * the lease (an expired one may already count as free elsewhere), the endpoint is active and it
 * is below `perEndpoint` without this delivery (a lower cap set in another process).
 */
export async function recordDelivered(db: Db, d: DueDelivery, o: Pick<AttemptOutcome, 'at' | 'statusCode' | 'latencyMs' | 'excerpt'>, handOff?: HandOff): Promise<DueDelivery | null> {
  const now = handOff?.now ?? o.at;
  const rows = await db.$queryRaw<ClaimedRow[]>`
    WITH logged AS (
      INSERT INTO "WebhookAttempt" ("endpointId", "deliveryId", "eventId", "at", "statusCode", "latencyMs", "ok", "responseExcerpt")
      VALUES (${d.endpointId}, ${d.deliveryId}, ${d.event.id}, ${o.at}, ${o.statusCode ?? null}::int, ${o.latencyMs}, true, ${o.excerpt?.slice(0, 500) ?? null})
    ), delivered AS (
      UPDATE "WebhookDelivery" SET "status" = 'DELIVERED', "deliveredAt" = ${o.at}, "attempts" = "attempts" + 1, "leaseUntil" = NULL WHERE "id" = ${d.deliveryId}
    ), healthy AS (
      UPDATE "WebhookEndpoint" SET "failingSince" = NULL WHERE "id" = ${d.endpointId} AND "failingSince" IS NOT NULL
    ), slot AS (
      SELECT 1 FROM "WebhookDelivery" own JOIN "WebhookEndpoint" ep ON ep."id" = own."endpointId" AND ep."status" = 'ACTIVE'
      WHERE ${handOff !== undefined} AND own."id" = ${d.deliveryId} AND own."leaseUntil" = ${d.leaseUntil} AND own."leaseUntil" >= ${now}
        AND (SELECT count(*) FROM "WebhookDelivery" WHERE "endpointId" = ${d.endpointId} AND "status" = 'PENDING' AND "leaseUntil" >= ${now} AND "id" <> ${d.deliveryId}) < ${handOff?.perEndpoint ?? 0}
    ), heads AS (
      SELECT DISTINCT ON ("orderingKey") "id", "nextAttemptAt", "leaseUntil" FROM "WebhookDelivery"
      WHERE "endpointId" = ${d.endpointId} AND "status" = 'PENDING' AND "id" <> ${d.deliveryId} AND EXISTS (SELECT 1 FROM slot)
      ORDER BY "orderingKey", "eventSeq"
    ), next AS (
      -- SKIP LOCKED: a round's claim (claimDue) may hold a head and wait for this delivery's row; waiting for its head would deadlock
      SELECT "id" FROM "WebhookDelivery" WHERE "id" IN (
        SELECT "id" FROM heads WHERE "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      ) ORDER BY "nextAttemptAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE "WebhookDelivery" d SET "leaseUntil" = ${new Date(now.getTime() + (handOff?.leaseMs ?? 0))}
      FROM "WebhookEndpoint" ep
      WHERE d."id" IN (SELECT "id" FROM next) AND ep."id" = d."endpointId"
        AND d."status" = 'PENDING' AND (d."leaseUntil" IS NULL OR d."leaseUntil" < ${now})
      RETURNING ${CLAIMED_COLUMNS}
    )
    ${WITH_EVENT}`;
  return rows[0] ? toDue(rows[0]) : null;
}

/** Gives claims back unsent (a loop that stopped while claiming): each is due again at once, for any process. */
export async function releaseClaims(db: Db, claimed: readonly DueDelivery[]): Promise<void> {
  for (const d of claimed) {
    // only a lease still ours: one that ran out may already be another process's claim
    await db.webhookDelivery.updateMany({ where: { id: d.deliveryId, status: 'PENDING', leaseUntil: d.leaseUntil }, data: { leaseUntil: null } });
  }
}

/** Logs an attempt and moves the delivery and its endpoint on: delivered, retried later, given up; the endpoint disabled. */
export async function recordAttempt(db: Db, d: DueDelivery, o: AttemptOutcome): Promise<'DELIVERED' | 'RETRY' | 'FAILED'> {
  if (o.ok) {
    await recordDelivered(db, d, o);
    return 'DELIVERED';
  }
  return db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { endpointId: d.endpointId, deliveryId: d.deliveryId, eventId: d.event.id, at: o.at, statusCode: o.statusCode ?? null, latencyMs: o.latencyMs, ok: o.ok, error: o.error?.slice(0, 500) ?? null, responseExcerpt: o.excerpt?.slice(0, 500) ?? null },
    });
    const firstFailedAt = d.firstFailedAt ?? o.at;
    const giveUp = o.at.getTime() - firstFailedAt.getTime() >= o.giveUpAfterMs && d.attempts + 1 >= o.minFailedAttempts;
    await tx.webhookDelivery.update({
      where: { id: d.deliveryId },
      data: { status: giveUp ? 'FAILED' : 'PENDING', attempts: { increment: 1 }, firstFailedAt, nextAttemptAt: o.retryAt, leaseUntil: null },
    });
    // the endpoint's failing as it is now, not as it was when this delivery was claimed: a delivery
    // that succeeded since ended it (recordDelivered), and a stale start would count this failure
    // into an old run of failures and disable an endpoint that answers (the row lock orders it
    // with that success)
    const [endpoint] = await tx.$queryRaw<{ failingSince: Date | null }[]>`SELECT "failingSince" FROM "WebhookEndpoint" WHERE "id" = ${d.endpointId} FOR UPDATE`;
    const failingSince = endpoint?.failingSince ?? o.at;
    if (!endpoint?.failingSince) await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, failingSince: null }, data: { failingSince } });
    const failedLongEnough = o.at.getTime() - failingSince.getTime() >= o.disableAfterMs
      && (await tx.webhookAttempt.count({ where: { endpointId: d.endpointId, ok: false, at: { gte: failingSince } } })) >= o.minFailedAttempts;
    if (failedLongEnough) {
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
