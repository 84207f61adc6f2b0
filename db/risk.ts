import type { FieldCipher } from '../codec/field-cipher.js';
import { buyerLookup, openRequest, type BuyerLookup } from './personal-data.js';
import { evaluateRisk, RISK_RULES, type RiskHistory, type RiskHit, type RiskLine, type RiskSubject } from '../domain/risk/rules.js';
import { acceptedOrderFigures } from '../domain/import/order.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { Prisma, type Db } from './client.js';

/**
 * Risk data from the projection: the subject (a shipment about to be declared, or a stored one
 * for a backtest) and its history. Buyers, phones and addresses are compared as keyed hashes:
 * `buyer` is buyerLookup of the order (db/personal-data.ts), or a stored shipment's lookup columns.
 */
export function riskSubject(shipmentId: string, enterpriseId: string, createdAt: Date, body: ShipmentCreate, buyer: (BuyerLookup & { payerIsBuyer: boolean }) | undefined): RiskSubject {
  const subject: RiskSubject = { shipmentId, enterpriseId, mode: body.mode, createdAt: createdAt.toISOString(), lines: riskLines(body) };
  if (body.mode === '1210' && buyer) {
    subject.buyer = {
      idHash: buyer.buyerIdHash,
      payerIsBuyer: buyer.payerIsBuyer,
      phoneHash: buyer.buyerPhoneHash,
      addressHash: buyer.buyerAddressHash,
      dutiableCny: acceptedOrderFigures(body, createdAt).dutiableTotalFen / 100,
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
export function riskHistoryQuery(body: ShipmentCreate, subject: Pick<RiskSubject, 'shipmentId' | 'enterpriseId' | 'createdAt'>, buyer: BuyerLookup | undefined): Prisma.Sql {
  const before = new Date(subject.createdAt);
  const lines = riskLines(body);
  // other 1210 orders of the same buyer, phone or address, matched on the keyed-hash columns
  // (indexed); the request is read only for its figures (its personal fields are sealed)
  const related = body.mode === '1210' && buyer
    ? Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', r."id", 'enterpriseId', r."enterpriseId", 'createdAt', r."createdAt" AT TIME ZONE 'UTC', 'request', r."request",
          'buyerIdHash', r."buyerIdHash", 'buyerPhoneHash', r."buyerPhoneHash", 'buyerAddressHash', r."buyerAddressHash")), '[]') FROM (
        SELECT "id", "enterpriseId", "createdAt", "request", "buyerIdHash", "buyerPhoneHash", "buyerAddressHash" FROM "Shipment"
        WHERE "mode" = '1210' AND "id" <> ${subject.shipmentId} AND "status" NOT IN ('CANCELLED')
          AND "createdAt" > ${new Date(before.getTime() - 30 * 86_400_000)} AND "createdAt" <= ${before}
          AND ("buyerIdHash" = ${buyer.buyerIdHash} OR "buyerPhoneHash" = ${buyer.buyerPhoneHash} OR "buyerAddressHash" = ${buyer.buyerAddressHash})
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
  related: ({ id: string; enterpriseId: string; createdAt: string; request: ShipmentCreate } & BuyerLookup)[];
  prices: Record<string, (number | null)[]>;
  otherDirectionSkus: string[];
}

export function riskHistoryOf(row: RiskHistoryRow): RiskHistory {
  return {
    // the rules read only the subject's payerIsBuyer, never a related order's
    related: row.related.map((r) => riskSubject(r.id, r.enterpriseId, new Date(r.createdAt), r.request, { ...r, payerIsBuyer: true })),
    prices: Object.fromEntries(Object.entries(row.prices).map(([k, units]) => [k, units.filter((u): u is number => Number.isFinite(u))])),
    otherDirectionSkus: row.otherDirectionSkus,
  };
}

export async function riskHistory(db: Db, body: ShipmentCreate, subject: RiskSubject, buyer: BuyerLookup | undefined): Promise<RiskHistory> {
  const [row] = await db.$queryRaw<RiskHistoryRow[]>(riskHistoryQuery(body, subject, buyer));
  return riskHistoryOf(row!);
}

/** A hit's review status when it is recorded: a HOLD keeps the shipment held until ops review it. */
export function riskHitStatus(hit: RiskHit): 'HELD' | 'OPEN' {
  return hit.severity === 'HOLD' ? 'HELD' : 'OPEN';
}

/**
 * Runs the rules (all, or the given ids) over stored shipments created in [from, to), each judged
 * against the history as it stood when it was created: how often each rule would have fired.
 */
export async function backtestRisk(db: Db, q: { from: Date; to: Date; ruleIds?: string[]; key: string; cipher: FieldCipher; limit?: number }) {
  const rules = q.ruleIds?.length ? RISK_RULES.filter((r) => q.ruleIds!.includes(r.id)) : RISK_RULES;
  const rows = await db.shipment.findMany({
    where: { createdAt: { gte: q.from, lt: q.to } },
    select: { id: true, enterpriseId: true, createdAt: true, request: true, personalDataPurgedAt: true },
    orderBy: { createdAt: 'asc' },
    take: q.limit ?? 5000,
  });
  const perRule = new Map<string, { ruleId: string; version: number; hits: number; examples: { shipmentId: string; explanation: string }[] }>(
    rules.map((r) => [r.id, { ruleId: r.id, version: r.version, hits: 0, examples: [] }]),
  );
  for (const row of rows) {
    // opened to judge the stored order as it was sent (the payer rule compares payer and buyer)
    const body = openRequest(q.cipher, row.request);
    const buyer = row.personalDataPurgedAt ? undefined : buyerLookup(body, q.key);
    const subject = riskSubject(row.id, row.enterpriseId, row.createdAt, body, buyer);
    for (const hit of evaluateRisk(subject, await riskHistory(db, body, subject, buyer), rules)) {
      const r = perRule.get(hit.ruleId)!;
      r.hits += 1;
      if (r.examples.length < 5) r.examples.push({ shipmentId: row.id, explanation: hit.explanation });
    }
  }
  return { shipments: rows.length, rules: [...perRule.values()] };
}
