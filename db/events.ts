import { createHash } from 'node:crypto';
import { Prisma, type Db } from './client.js';
import { InvalidCursor } from './cursor.js';
import { EVENT_VERSION, eventOfTimelineEntry, type EnterpriseEvent } from '../domain/events/catalogue.js';
import type { ProjectionUpdate } from '../domain/projection.js';

/** Anything that runs SQL: the client or a transaction. */
type Sql = Pick<Db, '$executeRaw' | '$queryRaw'>;

/** The public id of a shipment's event: derived from its timeline entry, so a repeated write names the same event. */
export function shipmentEventId(shipmentId: string, seq: number): string {
  return `evt_${createHash('sha256').update(`${shipmentId}#${seq}`).digest('base64url').slice(0, 26)}`;
}

/**
 * The outbox row of a timeline entry, as a CTE of the projection statement (db/projection.ts):
 * `inserted` is the CTE of the timeline insert (RETURNING "shipmentId"), so a repeated write
 * (its timeline insert skipped) adds no second event. One INSERT in the same statement as the
 * state change: committed together or not at all.
 */
export function outboxInsert(u: ProjectionUpdate, inserted: Prisma.Sql): Prisma.Sql {
  const { type, data } = eventOfTimelineEntry(u);
  return Prisma.sql`INSERT INTO "EnterpriseEvent" ("id", "enterpriseId", "shipmentId", "sequence", "orderingKey", "type", "version", "occurredAt", "data")
      SELECT ${shipmentEventId(u.shipmentId, u.seq)}, s."enterpriseId", s."id", ${u.seq}, s."id", ${type}, ${EVENT_VERSION}, ${new Date(u.at)}, ${JSON.stringify(data)}::jsonb
      FROM ${inserted} i JOIN "Shipment" s ON s."id" = i."shipmentId"`;
}

/** Writes an event without a timeline entry (summary, stock, endpoint), inside the caller's transaction. */
export async function appendEvent(
  sql: Sql,
  e: { id: string; enterpriseId: string; type: string; shipmentId?: string; sequence?: number; orderingKey: string; occurredAt: Date; data: unknown },
): Promise<void> {
  // events without a shipment are ordered by their own row number
  await sql.$executeRaw`
    WITH n AS (SELECT nextval(pg_get_serial_sequence('"EnterpriseEvent"', 'seq')) AS v)
    INSERT INTO "EnterpriseEvent" ("seq", "id", "enterpriseId", "shipmentId", "sequence", "orderingKey", "type", "version", "occurredAt", "data")
    SELECT n.v, ${e.id}, ${e.enterpriseId}, ${e.shipmentId ?? null}, ${e.sequence === undefined ? Prisma.sql`n.v` : Prisma.sql`${e.sequence}`}, ${e.orderingKey}, ${e.type}, ${EVENT_VERSION}, ${e.occurredAt}, ${JSON.stringify(e.data)}::jsonb
    FROM n ON CONFLICT ("id") DO NOTHING`;
}

/** The stock.received event of a stock entry counted into the bonded centre. */
export function stockReceivedEvent(
  enterpriseId: string,
  u: { entryId: string; status: string; inboundNo: string; discrepancies?: { sku: string; announced: number; received: number }[] },
): Parameters<typeof appendEvent>[1] {
  return {
    id: `evt_${createHash('sha256').update(`${u.entryId}#${u.status}`).digest('base64url').slice(0, 26)}`,
    enterpriseId,
    type: 'stock.received',
    orderingKey: `stock:${enterpriseId}`,
    occurredAt: new Date(),
    data: { entryId: u.entryId, status: u.status, inboundNo: u.inboundNo, discrepancies: u.discrepancies ?? [] },
  };
}

/** A position in the outbox: (writing transaction, row). */
export interface OutboxPosition {
  txid: bigint;
  seq: bigint;
}
export const OUTBOX_START: OutboxPosition = { txid: 0n, seq: 0n };

export function encodeEventCursor(p: OutboxPosition): string {
  return Buffer.from(`${p.txid}.${p.seq}`).toString('base64url');
}

/** The position a feed cursor names; InvalidCursor when it is not one the API issued. */
export function decodeEventCursor(cursor: string): OutboxPosition {
  const m = /^(\d{1,19})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new InvalidCursor('cursor is not one this API issued');
  return { txid: BigInt(m[1]!), seq: BigInt(m[2]!) };
}

export interface OutboxRow {
  seq: bigint;
  txid: bigint;
  id: string;
  enterpriseId: string;
  shipmentId: string | null;
  sequence: bigint;
  orderingKey: string;
  type: string;
  version: number;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * Events after a position, in outbox order, only from transactions older than every transaction
 * still running (pg_snapshot_xmin): a row of a transaction that commits late has a txid at or
 * above that horizon, so it is read later and never passed by a cursor (docs/webhooks.md).
 */
export async function readOutbox(
  sql: Sql,
  q: { after: OutboxPosition; limit: number; enterpriseId?: string | undefined; types?: readonly string[] | undefined },
): Promise<OutboxRow[]> {
  return sql.$queryRaw<OutboxRow[]>`
    SELECT "seq", "txid", "id", "enterpriseId", "shipmentId", "sequence", "orderingKey", "type", "version", "occurredAt", "data"
    FROM "EnterpriseEvent"
    WHERE ("txid", "seq") > (${q.after.txid}, ${q.after.seq})
      AND "txid" < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      ${q.enterpriseId === undefined ? Prisma.empty : Prisma.sql`AND "enterpriseId" = ${q.enterpriseId}`}
      ${q.types?.length ? Prisma.sql`AND "type" IN (${Prisma.join(q.types)})` : Prisma.empty}
    ORDER BY "txid", "seq"
    LIMIT ${q.limit}`;
}

/** An outbox row as the feed and the webhooks send it. */
export function eventBody(r: OutboxRow): EnterpriseEvent {
  return {
    id: r.id,
    type: r.type,
    version: r.version,
    occurredAt: r.occurredAt.toISOString(),
    shipmentId: r.shipmentId,
    orderingKey: r.orderingKey,
    sequence: Number(r.sequence),
    data: r.data,
  };
}

/** Removes events older than the retention period (one batch), with their deliveries and attempts; the feed documents the period. */
export async function purgeEvents(sql: Sql, q: { before: Date; batch: number }): Promise<number> {
  await sql.$executeRaw`DELETE FROM "WebhookAttempt" WHERE "at" < ${q.before}`;
  await sql.$executeRaw`DELETE FROM "WebhookDelivery" WHERE "createdAt" < ${q.before}`;
  return sql.$executeRaw`
    DELETE FROM "EnterpriseEvent" WHERE "seq" IN (SELECT "seq" FROM "EnterpriseEvent" WHERE "createdAt" < ${q.before} ORDER BY "createdAt" LIMIT ${q.batch})`;
}
