import type { RiskHistory, RiskHit } from '../domain/risk/rules.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { reuseCutoff, type ShipmentNumber } from '../domain/shipment-numbers.js';
import { Prisma, type Db } from './client.js';
import { negativeListed } from './credit.js';
import type { BuyerLookup, StoredRequest } from './personal-data.js';
import { riskHistoryOf, riskHistoryQuery, riskHitStatus, type RiskHistoryRow } from './risk.js';
import { execute, queryRows } from './sql.js';

/**
 * The database side of creating a shipment (api/shipments.service.ts): one statement that reads
 * and one that writes (a third only when a racing request with the same order wins). Every query
 * costs the API process CPU (Prisma's engine, the socket), and this is the hottest path.
 */

/** What the create path needs of a stored shipment: the idempotency check and the answer. */
export interface StoredShipment {
  requestHash: string;
  status: string;
  createdAt: Date;
}

export interface CreateContext {
  negativeListed: boolean;
  /** The shipment with this id, if any, and the risk hits recorded when it was created. */
  existing: (StoredShipment & { hits: RiskHit[] }) | undefined;
  /** The risk history as of acceptedAt; stored 1210 requests become risk subjects only when asked (a new shipment). */
  riskHistory(): RiskHistory;
}

type ContextRow = RiskHistoryRow & { negativeListed: boolean; requestHash: string | null; status: string | null; createdAt: Date | null; hits: RiskHit[] };

/**
 * Everything a create reads before it writes, in one statement: whether the enterprise is on the
 * negative list, the shipment if it exists already, and the risk history (read even for an
 * existing shipment: cheaper than a second round trip for a new one).
 */
export async function readCreateContext(
  db: Db,
  q: { shipmentId: string; enterpriseId: string; acceptedAt: Date; body: ShipmentCreate; buyer: BuyerLookup | undefined },
): Promise<CreateContext> {
  const history = riskHistoryQuery(q.body, { shipmentId: q.shipmentId, enterpriseId: q.enterpriseId, createdAt: q.acceptedAt.toISOString() }, q.buyer);
  const [row] = await queryRows<ContextRow>(db, Prisma.sql`
    SELECT ${negativeListed(q.enterpriseId)} AS "negativeListed", e."requestHash", e."status", e."createdAt",
      (SELECT coalesce(json_agg(json_build_object('ruleId', h."ruleId", 'version', h."ruleVersion", 'severity', h."severity", 'explanation', h."explanation") ORDER BY h."id"), '[]')
        FROM "RiskHit" h WHERE h."shipmentId" = ${q.shipmentId}) AS "hits",
      r."related", r."prices", r."otherDirectionSkus"
    FROM (${history}) r LEFT JOIN "Shipment" e ON e."id" = ${q.shipmentId}`);
  const c = row!;
  return {
    negativeListed: c.negativeListed,
    existing: c.requestHash !== null ? { requestHash: c.requestHash, status: c.status!, createdAt: c.createdAt!, hits: c.hits } : undefined,
    riskHistory: () => riskHistoryOf(c),
  };
}

export interface NewShipment extends StoredShipment {
  id: string;
  enterpriseId: string;
  orderNo: string;
  mode: string;
  corridor: string | null;
  stage: string;
  /** As stored: a 1210's personal fields sealed (db/personal-data.ts sealRequest). */
  request: StoredRequest;
  /** The keyed hashes the risk rules match on (1210), else undefined. */
  buyer: BuyerLookup | undefined;
  currency: string;
  goodsValue: string;
  partnerCountry: string | null;
  valueCny: string | null;
  lines: { lineNo: number; sku: string; hsCode: string; batchNo: string | null; qty: string; amount: string; currency: string }[];
  /** The numbers this shipment claims (domain/shipment-numbers.ts). */
  numbers: readonly ShipmentNumber[];
}

/** What an insert did: wrote the shipment, found one with its id or order number, or found a number in use by another. */
export type InsertOutcome = { created: boolean; taken?: ShipmentNumber | undefined };

/**
 * Inserts the shipment with its claims on its numbers. A number held by another shipment fails
 * the whole statement on the primary key of "ShipmentNumber" (nothing is written, and of two
 * racing creates with one number exactly one wins); then the taken number is looked up to answer
 * with it, after releasing claims past their reuse period (and trying once more if that freed it).
 */
export async function insertShipment(db: Db, s: NewShipment, hits: readonly RiskHit[]): Promise<InsertOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await insertOnce(db, s, hits)) ? { created: true } : { created: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const released = await releaseExpiredClaims(db, s);
      const taken = await takenNumber(db, s);
      if (taken) return { created: false, taken };
      if (released === 0 || attempt >= 2) throw err;
    }
  }
}

/** A unique violation (SQLSTATE 23505): node-postgres's error (db/sql.ts), or as Prisma's pg adapter reports it from a raw query. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } }; message?: unknown };
  const cause = e.meta?.driverAdapterError?.cause;
  return e.code === '23505' || e.meta?.code === '23505' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation' || (typeof e.message === 'string' && e.message.includes('23505'));
}

const claimKeys = (s: NewShipment) => ({
  kinds: s.numbers.map((n) => n.kind),
  issuers: s.numbers.map((n) => n.issuer),
  numbers: s.numbers.map((n) => n.number),
});

/** Deletes this shipment's numbers' claims of other shipments that are past their reuse period. */
async function releaseExpiredClaims(db: Db, s: NewShipment): Promise<number> {
  const expired = s.numbers.flatMap((n) => {
    const cutoff = reuseCutoff(n.kind, s.createdAt);
    return cutoff ? [{ ...n, cutoff }] : [];
  });
  if (expired.length === 0) return 0;
  return execute(db, Prisma.sql`
    DELETE FROM "ShipmentNumber" c
    USING unnest(${expired.map((n) => n.kind)}::text[], ${expired.map((n) => n.issuer)}::text[], ${expired.map((n) => n.number)}::text[], ${expired.map((n) => n.cutoff)}::timestamp[])
      AS e("kind", "issuer", "number", "cutoff")
    WHERE c."kind" = e."kind" AND c."issuer" = e."issuer" AND c."number" = e."number" AND c."claimedAt" < e."cutoff" AND c."shipmentId" <> ${s.id}`);
}

/** The first of the shipment's numbers that another shipment holds, in the order of s.numbers. */
async function takenNumber(db: Db, s: NewShipment): Promise<ShipmentNumber | undefined> {
  const k = claimKeys(s);
  const rows = await queryRows<{ kind: string; issuer: string; number: string }>(db, Prisma.sql`
    SELECT c."kind", c."issuer", c."number" FROM "ShipmentNumber" c
    JOIN unnest(${k.kinds}::text[], ${k.issuers}::text[], ${k.numbers}::text[]) AS n("kind", "issuer", "number")
      ON c."kind" = n."kind" AND c."issuer" = n."issuer" AND c."number" = n."number"
    WHERE c."shipmentId" <> ${s.id}`);
  return s.numbers.find((n) => rows.some((r) => r.kind === n.kind && r.issuer === n.issuer && r.number === n.number));
}

/**
 * Inserts the shipment, its lines (each linked to the enterprise's registered product of its
 * SKU, for traceability), its risk hits and its numbers' claims in one statement: all of it or
 * nothing. False when a shipment with this id or order number exists already (then nothing is
 * written); a unique violation when one of its numbers is claimed by another shipment.
 */
async function insertOnce(db: Db, s: NewShipment, hits: readonly RiskHit[]): Promise<boolean> {
  const now = new Date();
  const k = claimKeys(s);
  const hitRows = hits.map((h) => ({ ruleId: h.ruleId, ruleVersion: h.version, severity: h.severity, explanation: h.explanation, detail: h.detail ?? null, status: riskHitStatus(h) }));
  const [row] = await queryRows<{ created: boolean }>(db, Prisma.sql`
    WITH s AS (
      INSERT INTO "Shipment" ("id", "enterpriseId", "orderNo", "mode", "corridor", "status", "stage", "requestHash", "request", "currency", "goodsValue", "partnerCountry", "valueCny", "createdAt", "updatedAt",
        "buyerIdHash", "buyerPhoneHash", "buyerAddressHash")
      VALUES (${s.id}, ${s.enterpriseId}, ${s.orderNo}, ${s.mode}, ${s.corridor}, ${s.status}, ${s.stage}, ${s.requestHash}, ${JSON.stringify(s.request)}::jsonb,
        ${s.currency}, ${s.goodsValue}::numeric, ${s.partnerCountry}, ${s.valueCny}::numeric, ${s.createdAt}, ${now},
        ${s.buyer?.buyerIdHash ?? null}, ${s.buyer?.buyerPhoneHash ?? null}, ${s.buyer?.buyerAddressHash ?? null})
      ON CONFLICT DO NOTHING
      RETURNING "id"
    ), lines AS (
      INSERT INTO "ShipmentLine" ("shipmentId", "lineNo", "sku", "hsCode", "productId", "batchNo", "qty", "amount", "currency", "createdAt")
      SELECT s."id", l."lineNo", l."sku", l."hsCode", p."id", l."batchNo", l."qty", l."amount", l."currency", ${s.createdAt}
      FROM s CROSS JOIN jsonb_to_recordset(${JSON.stringify(s.lines)}::jsonb)
        AS l("lineNo" int, "sku" text, "hsCode" text, "batchNo" text, "qty" numeric, "amount" numeric, "currency" text)
      LEFT JOIN "Product" p ON p."enterpriseId" = ${s.enterpriseId} AND p."sku" = l."sku"
      ORDER BY l."lineNo"
    ), risk AS (
      INSERT INTO "RiskHit" ("shipmentId", "enterpriseId", "ruleId", "ruleVersion", "severity", "explanation", "detail", "status", "at")
      SELECT s."id", ${s.enterpriseId}, h."ruleId", h."ruleVersion", h."severity", h."explanation", h."detail", h."status", ${now}
      FROM s CROSS JOIN jsonb_to_recordset(${JSON.stringify(hitRows)}::jsonb)
        AS h("ruleId" text, "ruleVersion" int, "severity" text, "explanation" text, "detail" text, "status" text)
      ON CONFLICT DO NOTHING
    ), numbers AS (
      INSERT INTO "ShipmentNumber" ("kind", "issuer", "number", "shipmentId", "claimedAt")
      SELECT n."kind", n."issuer", n."number", s."id", ${s.createdAt}
      FROM s CROSS JOIN unnest(${k.kinds}::text[], ${k.issuers}::text[], ${k.numbers}::text[]) AS n("kind", "issuer", "number")
    )
    SELECT EXISTS (SELECT 1 FROM s) AS "created"`);
  return row!.created;
}

export async function storedShipment(db: Db, id: string): Promise<StoredShipment | null> {
  return db.shipment.findUnique({ where: { id }, select: { requestHash: true, status: true, createdAt: true } });
}
