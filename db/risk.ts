import { createHmac } from 'node:crypto';
import { hashBuyerId } from './quota.js';
import { evaluateRisk, RISK_RULES, type RiskHistory, type RiskHit, type RiskLine, type RiskSubject } from '../domain/risk/rules.js';
import { acceptedOrderFigures } from '../domain/import/order.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { Prisma, type Db } from './client.js';

/**
 * Risk data from the projection: the subject (a shipment about to be declared, or a stored one
 * for a backtest) and its history. Buyers, phones and addresses are compared as keyed hashes;
 * they are read from the stored request JSON (⚠ at scale these lookups want expression indexes
 * on request->'buyer'->>'idNumber', request->'consignee'->>'telephone' and ->>'address').
 */
export function riskSubject(shipmentId: string, enterpriseId: string, createdAt: Date, body: ShipmentCreate, key: string): RiskSubject {
  const subject: RiskSubject = { shipmentId, enterpriseId, mode: body.mode, createdAt: createdAt.toISOString(), lines: riskLines(body) };
  if (body.mode === '1210') {
    const figures = acceptedOrderFigures(body, createdAt);
    subject.buyer = {
      idHash: hashBuyerId(body.buyer.idNumber, { key }),
      payerIsBuyer: hashBuyerId(body.payment.payer.idNumber, { key }) === hashBuyerId(body.buyer.idNumber, { key }),
      phoneHash: keyed(key, body.consignee.telephone.replace(/\D/g, '')),
      addressHash: keyed(key, body.consignee.address.replace(/\s+/g, '')),
      dutiableCny: figures.dutiableTotalFen / 100,
    };
  }
  return subject;
}

function riskLines(body: ShipmentCreate): RiskLine[] {
  return body.items.map((i) => ({ sku: i.sku, hsCode: i.hsCode, qty: i.qty, unitPrice: i.unitPrice, currency: body.mode === '1210' ? 'CNY' : body.currency }));
}

/**
 * The risk history as one SELECT of one row (related, prices, otherDirectionSkus), so that the
 * create path can read it in the same round trip as its other checks (db/shipment-create.ts).
 * Prices are read once per distinct HS code and currency of the subject's lines.
 */
export function riskHistoryQuery(body: ShipmentCreate, subject: Pick<RiskSubject, 'shipmentId' | 'enterpriseId' | 'createdAt'>): Prisma.Sql {
  const before = new Date(subject.createdAt);
  const lines = riskLines(body);
  const related = body.mode === '1210'
    ? Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', r."id", 'enterpriseId', r."enterpriseId", 'createdAt', r."createdAt" AT TIME ZONE 'UTC', 'request', r."request")), '[]') FROM (
        SELECT "id", "enterpriseId", "createdAt", "request" FROM "Shipment"
        WHERE "mode" = '1210' AND "id" <> ${subject.shipmentId} AND "status" NOT IN ('CANCELLED')
          AND "createdAt" > ${new Date(before.getTime() - 30 * 86_400_000)} AND "createdAt" <= ${before}
          AND ("request"->'buyer'->>'idNumber' = ${body.buyer.idNumber}
            OR "request"->'consignee'->>'telephone' = ${body.consignee.telephone}
            OR "request"->'consignee'->>'address' = ${body.consignee.address})
        LIMIT 500) r)`
    : Prisma.sql`'[]'::json`;
  const keys = [...new Map(lines.map((l) => [`${l.hsCode}:${l.currency}`, l])).values()];
  const exportModes = ['9610', '9710', '9810'];
  const otherModes = body.mode === '1210' ? exportModes : ['1210'];
  return Prisma.sql`SELECT ${related} AS "related",
    (SELECT coalesce(json_object_agg(k."hsCode" || ':' || k."currency", ARRAY(
        SELECT (l."amount" / NULLIF(l."qty", 0))::float8 FROM "ShipmentLine" l
        WHERE l."hsCode" = k."hsCode" AND l."currency" = k."currency" AND l."shipmentId" <> ${subject.shipmentId}
          AND l."createdAt" > ${new Date(before.getTime() - 180 * 86_400_000)} AND l."createdAt" <= ${before}
        ORDER BY l."createdAt" DESC LIMIT 200)), '{}')
      FROM unnest(${keys.map((k) => k.hsCode)}::text[], ${keys.map((k) => k.currency)}::text[]) AS k("hsCode", "currency")) AS "prices",
    ARRAY(
      SELECT DISTINCT l."sku" FROM "ShipmentLine" l JOIN "Shipment" s ON s."id" = l."shipmentId"
      WHERE l."sku" = ANY(${lines.map((l) => l.sku)}::text[]) AND s."enterpriseId" = ${subject.enterpriseId} AND s."mode" = ANY(${otherModes}::text[])
        AND l."createdAt" > ${new Date(before.getTime() - 90 * 86_400_000)} AND l."createdAt" <= ${before}) AS "otherDirectionSkus"`;
}

/** A row of riskHistoryQuery. */
export interface RiskHistoryRow {
  related: { id: string; enterpriseId: string; createdAt: string; request: ShipmentCreate }[];
  prices: Record<string, (number | null)[]>;
  otherDirectionSkus: string[];
}

export function riskHistoryOf(row: RiskHistoryRow, key: string): RiskHistory {
  return {
    related: row.related.map((r) => riskSubject(r.id, r.enterpriseId, new Date(r.createdAt), r.request, key)),
    prices: Object.fromEntries(Object.entries(row.prices).map(([k, units]) => [k, units.filter((u): u is number => Number.isFinite(u))])),
    otherDirectionSkus: row.otherDirectionSkus,
  };
}

export async function riskHistory(db: Db, body: ShipmentCreate, subject: RiskSubject, key: string): Promise<RiskHistory> {
  const [row] = await db.$queryRaw<RiskHistoryRow[]>(riskHistoryQuery(body, subject));
  return riskHistoryOf(row!, key);
}

/** A hit's review status when it is recorded: a HOLD keeps the shipment held until ops review it. */
export function riskHitStatus(hit: RiskHit): 'HELD' | 'OPEN' {
  return hit.severity === 'HOLD' ? 'HELD' : 'OPEN';
}

function keyed(key: string, text: string): string {
  return createHmac('sha256', key).update(text.normalize('NFC')).digest('hex');
}

/**
 * Runs the rules (all, or the given ids) over stored shipments created in [from, to), each judged
 * against the history as it stood when it was created: how often each rule would have fired.
 */
export async function backtestRisk(db: Db, q: { from: Date; to: Date; ruleIds?: string[]; key: string; limit?: number }) {
  const rules = q.ruleIds?.length ? RISK_RULES.filter((r) => q.ruleIds!.includes(r.id)) : RISK_RULES;
  const rows = await db.shipment.findMany({
    where: { createdAt: { gte: q.from, lt: q.to } },
    select: { id: true, enterpriseId: true, createdAt: true, request: true },
    orderBy: { createdAt: 'asc' },
    take: q.limit ?? 5000,
  });
  const perRule = new Map<string, { ruleId: string; version: number; hits: number; examples: { shipmentId: string; explanation: string }[] }>(
    rules.map((r) => [r.id, { ruleId: r.id, version: r.version, hits: 0, examples: [] }]),
  );
  for (const row of rows) {
    const body = row.request as unknown as ShipmentCreate;
    const subject = riskSubject(row.id, row.enterpriseId, row.createdAt, body, q.key);
    for (const hit of evaluateRisk(subject, await riskHistory(db, body, subject, q.key), rules)) {
      const r = perRule.get(hit.ruleId)!;
      r.hits += 1;
      if (r.examples.length < 5) r.examples.push({ shipmentId: row.id, explanation: hit.explanation });
    }
  }
  return { shipments: rows.length, rules: [...perRule.values()] };
}
