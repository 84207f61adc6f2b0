import type { FieldCipher } from '../codec/field-cipher.js';
import { retentionCutoff } from '../domain/retention.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { Prisma, type Db } from './client.js';
import { buyerLookup, hasClearPersonalData, openRequest, PERSONAL_FIELDS, sealRequest, type StoredRequest } from './personal-data.js';

/**
 * The two maintenance jobs of personal data at rest, both idempotent and batched (run by the
 * daily `personal-data-retention` Schedule, and `npm run pii:backfill` once after an upgrade).
 */

export interface PurgeResult {
  shipments: number;
  inboundMessages: number;
  quotaRows: number;
}

/**
 * Removes personal data kept longer than the retention period (domain/retention.ts): the
 * personal fields and lookup hashes of 1210 shipments that ended before the cut-off, the bodies
 * of callbacks received before it (not those still waiting for delivery), and quota rows of
 * years that ended before it. Shipment figures, lines, timelines and statuses stay as they are,
 * so statistics and the audit trail do not change. At most `batch` rows of each kind per call.
 */
export async function purgePersonalData(db: Db, q: { now: Date; retentionDays: number; batch: number }): Promise<PurgeResult> {
  const cutoff = retentionCutoff(q.now, q.retentionDays);
  const redacted = PERSONAL_FIELDS.reduce<Prisma.Sql>((json, path) => Prisma.sql`jsonb_set(${json}, ${[...path]}::text[], 'null'::jsonb, false)`, Prisma.sql`"request"`);
  const shipments = await db.$executeRaw`
    UPDATE "Shipment" SET "request" = ${redacted}, "buyerIdHash" = NULL, "buyerPhoneHash" = NULL, "buyerAddressHash" = NULL, "personalDataPurgedAt" = ${q.now}
    WHERE "id" IN (
      SELECT "id" FROM "Shipment"
      WHERE "mode" = '1210' AND "personalDataPurgedAt" IS NULL AND "completedAt" < ${cutoff} AND "status" = ANY(${[...TERMINAL_STATUSES]}::text[])
      ORDER BY "completedAt" LIMIT ${q.batch} FOR UPDATE SKIP LOCKED)`;
  const inboundMessages = await db.$executeRaw`
    UPDATE "InboundMessage" SET "body" = '', "purgedAt" = ${q.now}
    WHERE "id" IN (
      SELECT "id" FROM "InboundMessage"
      WHERE "purgedAt" IS NULL AND "receivedAt" < ${cutoff} AND "outcome" <> 'RECEIVED'
      ORDER BY "receivedAt" LIMIT ${q.batch} FOR UPDATE SKIP LOCKED)`;
  // a quota year counts until its end: years ending before the cut-off (China time is ignored: a day either way)
  const lastYear = cutoff.getUTCFullYear() - 1;
  const reservations = await db.quotaReservation.deleteMany({ where: { year: { lte: lastYear } } });
  const quotas = await db.buyerQuota.deleteMany({ where: { year: { lte: lastYear } } });
  return { shipments, inboundMessages, quotaRows: reservations.count + quotas.count };
}

export interface BackfillResult {
  shipments: number;
  inboundMessages: number;
}

/**
 * Brings rows written before personal data was encrypted up to date: 1210 requests with a
 * personal field in clear get it sealed and their lookup hashes computed (the split-order rule
 * finds them again), callback bodies in clear get sealed. Rows done already are left alone, so
 * running it again changes nothing. At most `batch` rows of each kind per call.
 */
export async function backfillPersonalData(db: Db, q: { cipher: FieldCipher; hashKey: string; batch: number }): Promise<BackfillResult> {
  const candidates = await db.$queryRaw<{ id: string; request: StoredRequest }[]>`
    SELECT "id", "request" FROM "Shipment"
    WHERE "mode" = '1210' AND "personalDataPurgedAt" IS NULL AND jsonb_typeof("request"->'buyer'->'idNumber') = 'string'
      AND ("buyerIdHash" IS NULL OR NOT starts_with(coalesce("request"->'buyer'->>'idNumber', 'enc:v1:'), 'enc:v1:')
        OR NOT starts_with(coalesce("request"->'consignee'->>'address', 'enc:v1:'), 'enc:v1:'))
    ORDER BY "createdAt" LIMIT ${q.batch}`;
  let shipments = 0;
  for (const row of candidates) {
    const lookup = buyerLookup(openRequest(q.cipher, row.request) as ShipmentCreate, q.hashKey);
    if (!lookup) continue;
    const sealed = hasClearPersonalData(row.request) ? sealRequest(q.cipher, row.request) : row.request;
    // only if the row is still as read (a purge or another backfill in between wins)
    shipments += await db.$executeRaw`
      UPDATE "Shipment" SET "request" = ${JSON.stringify(sealed)}::jsonb, "buyerIdHash" = ${lookup.buyerIdHash},
        "buyerPhoneHash" = ${lookup.buyerPhoneHash}, "buyerAddressHash" = ${lookup.buyerAddressHash}
      WHERE "id" = ${row.id} AND "request" = ${JSON.stringify(row.request)}::jsonb AND "personalDataPurgedAt" IS NULL`;
  }
  const clearBodies = await db.$queryRaw<{ id: bigint; body: string }[]>`
    SELECT "id", "body" FROM "InboundMessage" WHERE "purgedAt" IS NULL AND "body" <> '' AND NOT starts_with("body", 'enc:v1:')
    ORDER BY "id" LIMIT ${q.batch}`;
  let inboundMessages = 0;
  for (const m of clearBodies) {
    inboundMessages += await db.$executeRaw`UPDATE "InboundMessage" SET "body" = ${q.cipher.seal(m.body)} WHERE "id" = ${m.id} AND "body" = ${m.body}`;
  }
  return { shipments, inboundMessages };
}
