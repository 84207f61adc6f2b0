import type { RiskHistory, RiskHit } from '../domain/risk/rules.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import type { Db } from './client.js';
import { negativeListed } from './credit.js';
import type { BuyerLookup, StoredRequest } from './personal-data.js';
import { riskHistoryOf, riskHistoryQuery, riskHitStatus, type RiskHistoryRow } from './risk.js';

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
  const [row] = await db.$queryRaw<ContextRow[]>`
    SELECT ${negativeListed(q.enterpriseId)} AS "negativeListed", e."requestHash", e."status", e."createdAt",
      (SELECT coalesce(json_agg(json_build_object('ruleId', h."ruleId", 'version', h."ruleVersion", 'severity', h."severity", 'explanation', h."explanation") ORDER BY h."id"), '[]')
        FROM "RiskHit" h WHERE h."shipmentId" = ${q.shipmentId}) AS "hits",
      r."related", r."prices", r."otherDirectionSkus"
    FROM (${history}) r LEFT JOIN "Shipment" e ON e."id" = ${q.shipmentId}`;
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
}

/**
 * Inserts the shipment, its lines (each linked to the enterprise's registered product of its
 * SKU, for traceability) and its risk hits in one statement: all of it or nothing. False when a
 * shipment with this id or order number exists already (then nothing is written).
 */
export async function insertShipment(db: Db, s: NewShipment, hits: readonly RiskHit[]): Promise<boolean> {
  const now = new Date();
  const hitRows = hits.map((h) => ({ ruleId: h.ruleId, ruleVersion: h.version, severity: h.severity, explanation: h.explanation, status: riskHitStatus(h) }));
  const [row] = await db.$queryRaw<{ created: boolean }[]>`
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
      INSERT INTO "RiskHit" ("shipmentId", "enterpriseId", "ruleId", "ruleVersion", "severity", "explanation", "status", "at")
      SELECT s."id", ${s.enterpriseId}, h."ruleId", h."ruleVersion", h."severity", h."explanation", h."status", ${now}
      FROM s CROSS JOIN jsonb_to_recordset(${JSON.stringify(hitRows)}::jsonb)
        AS h("ruleId" text, "ruleVersion" int, "severity" text, "explanation" text, "status" text)
      ON CONFLICT DO NOTHING
    )
    SELECT EXISTS (SELECT 1 FROM s) AS "created"`;
  return row!.created;
}

export async function storedShipment(db: Db, id: string): Promise<StoredShipment | null> {
  return db.shipment.findUnique({ where: { id }, select: { requestHash: true, status: true, createdAt: true } });
}
