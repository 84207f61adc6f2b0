import { createHmac } from 'node:crypto';
import { hashBuyerId } from './quota.js';
import { evaluateRisk, RISK_RULES, type RiskHistory, type RiskHit, type RiskSubject } from '../domain/risk/rules.js';
import { acceptedOrderFigures } from '../domain/import/order.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import type { Db } from './client.js';

/**
 * Risk data from the projection: the subject (a shipment about to be declared, or a stored one
 * for a backtest) and its history. Buyers, phones and addresses are compared as keyed hashes;
 * they are read from the stored request JSON (⚠ at scale these lookups want expression indexes
 * on request->'buyer'->>'idNumber', request->'consignee'->>'telephone' and ->>'address').
 */
export function riskSubject(shipmentId: string, enterpriseId: string, createdAt: Date, body: ShipmentCreate, key: string): RiskSubject {
  const lines = body.items.map((i) => ({ sku: i.sku, hsCode: i.hsCode, qty: i.qty, unitPrice: i.unitPrice, currency: body.mode === '1210' ? 'CNY' : body.currency }));
  const subject: RiskSubject = { shipmentId, enterpriseId, mode: body.mode, createdAt: createdAt.toISOString(), lines };
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

export async function riskHistory(db: Db, body: ShipmentCreate, subject: RiskSubject, key: string): Promise<RiskHistory> {
  const before = new Date(subject.createdAt);
  const related: RiskSubject[] = [];
  if (body.mode === '1210') {
    const rows = await db.$queryRaw<{ id: string; enterpriseId: string; createdAt: Date; request: ShipmentCreate }[]>`
      SELECT "id", "enterpriseId", "createdAt", "request" FROM "Shipment"
      WHERE "mode" = '1210' AND "id" <> ${subject.shipmentId} AND "status" NOT IN ('CANCELLED')
        AND "createdAt" > ${new Date(before.getTime() - 30 * 86_400_000)} AND "createdAt" <= ${before}
        AND ("request"->'buyer'->>'idNumber' = ${body.buyer.idNumber}
          OR "request"->'consignee'->>'telephone' = ${body.consignee.telephone}
          OR "request"->'consignee'->>'address' = ${body.consignee.address})
      LIMIT 500`;
    for (const r of rows) related.push(riskSubject(r.id, r.enterpriseId, r.createdAt, r.request, key));
  }
  const prices: Record<string, number[]> = {};
  for (const l of subject.lines) {
    const rows = await db.$queryRaw<{ unit: number }[]>`
      SELECT (l."amount" / NULLIF(l."qty", 0))::float8 AS unit FROM "ShipmentLine" l JOIN "Shipment" s ON s."id" = l."shipmentId"
      WHERE l."hsCode" = ${l.hsCode} AND l."currency" = ${l.currency} AND l."shipmentId" <> ${subject.shipmentId}
        AND s."createdAt" > ${new Date(before.getTime() - 180 * 86_400_000)} AND s."createdAt" <= ${before}
      ORDER BY s."createdAt" DESC LIMIT 200`;
    prices[`${l.hsCode}:${l.currency}`] = rows.map((r) => r.unit).filter((u) => Number.isFinite(u));
  }
  const exportModes = ['9610', '9710', '9810'];
  const otherModes = body.mode === '1210' ? exportModes : ['1210'];
  const other = await db.shipmentLine.findMany({
    where: { sku: { in: subject.lines.map((l) => l.sku) }, shipment: { enterpriseId: subject.enterpriseId, mode: { in: otherModes }, createdAt: { gt: new Date(before.getTime() - 90 * 86_400_000), lte: before } } },
    select: { sku: true },
    distinct: ['sku'],
  });
  return { related, prices, otherDirectionSkus: other.map((o) => o.sku) };
}

/** Evaluates the rules for a shipment about to be created. */
export async function assessRisk(db: Db, input: { shipmentId: string; enterpriseId: string; createdAt: Date; body: ShipmentCreate; key: string }): Promise<RiskHit[]> {
  const subject = riskSubject(input.shipmentId, input.enterpriseId, input.createdAt, input.body, input.key);
  return evaluateRisk(subject, await riskHistory(db, input.body, subject, input.key));
}

export async function saveRiskHits(db: Db, shipmentId: string, enterpriseId: string, hits: readonly RiskHit[]): Promise<void> {
  if (hits.length === 0) return;
  await db.riskHit.createMany({
    data: hits.map((h) => ({ shipmentId, enterpriseId, ruleId: h.ruleId, ruleVersion: h.version, severity: h.severity, explanation: h.explanation, status: h.severity === 'HOLD' ? 'HELD' : 'OPEN' })),
    skipDuplicates: true,
  });
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
