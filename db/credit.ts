import { CREDIT_EVENT_OF_TIMELINE, creditModelOn, scoreCredit, type CreditScore } from '../domain/credit/rules.js';
import { Prisma, type Db } from './client.js';
import { chinaDate } from '../domain/time.js';

/**
 * The credit database (信用信息库): credit events written with the projection (db/projection.ts)
 * from the shipments' timelines, and the negative list. Scores are computed on read by the
 * versioned model in domain/credit/rules.ts, so a rule change re-scores history.
 */

/** The statement that records a timeline event as a credit event, if it is one (same transaction as the projection). */
export function creditEventFromTimeline(u: { shipmentId: string; seq: number; type: string; info: string; at: string }): Prisma.Sql | undefined {
  const kind = CREDIT_EVENT_OF_TIMELINE[u.type];
  if (!kind) return undefined;
  const detail = JSON.stringify({ seq: u.seq, type: u.type, info: u.info.slice(0, 500) });
  return Prisma.sql`
    INSERT INTO "CreditEvent" ("eventKey", "enterpriseId", "kind", "shipmentId", "detail", "at")
    SELECT ${`${u.shipmentId}:${u.seq}`}, "enterpriseId", ${kind}, ${u.shipmentId}, ${detail}::jsonb, ${new Date(u.at)}
    FROM "Shipment" WHERE "id" = ${u.shipmentId}
    ON CONFLICT ("eventKey") DO NOTHING`;
}

/** Timeline events that are amount mismatches between the flows: each opens a risk hit (an alert for ops). */
const ALERTS: Readonly<Record<string, string>> = { FX_MISMATCH: 'FX_NOT_MATCHING_DECLARATION', TAX_MISMATCH: 'TAX_NOT_MATCHING_ORDER' };

/** The statement that raises the alert for a mismatch timeline event, if it is one (written with the event). */
export function alertFromTimeline(u: { shipmentId: string; type: string; info: string }): Prisma.Sql | undefined {
  const ruleId = ALERTS[u.type];
  if (!ruleId) return undefined;
  return Prisma.sql`
    INSERT INTO "RiskHit" ("shipmentId", "enterpriseId", "ruleId", "ruleVersion", "severity", "explanation", "status", "at")
    SELECT ${u.shipmentId}, "enterpriseId", ${ruleId}, 1, 'REVIEW', ${u.info.slice(0, 500)}, 'OPEN', now()
    FROM "Shipment" WHERE "id" = ${u.shipmentId}
    ON CONFLICT ("shipmentId", "ruleId", "ruleVersion") DO NOTHING`;
}

/** Records a credit event that does not come from a timeline (e.g. a confirmed risk hit); once per key. */
export async function recordCreditEvent(db: Db, e: { eventKey: string; enterpriseId: string; kind: string; shipmentId?: string; detail: Record<string, unknown> }): Promise<void> {
  await db.creditEvent.createMany({
    data: [{ eventKey: e.eventKey, enterpriseId: e.enterpriseId, kind: e.kind, shipmentId: e.shipmentId ?? null, detail: e.detail as object }],
    skipDuplicates: true,
  });
}

export async function isNegativeListed(db: Db, enterpriseId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ listed: boolean }[]>`SELECT ${negativeListed(enterpriseId)} AS "listed"`;
  return row!.listed;
}

/** SQL that is true while the enterprise is on the negative list (listed and not lifted); for queries that check it along the way. */
export function negativeListed(enterpriseId: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "NegativeListEntry" WHERE "enterpriseId" = ${enterpriseId} AND "liftedAt" IS NULL)`;
}

/** An enterprise's score under the model in force, from the events within the model's window. */
export async function creditOf(db: Db, enterpriseId: string, now = new Date()): Promise<CreditScore & { enterpriseId: string; asOf: string }> {
  const model = creditModelOn(chinaDate(now));
  const since = new Date(now.getTime() - model.windowDays * 86_400_000);
  const grouped = await db.creditEvent.groupBy({ by: ['kind'], where: { enterpriseId, at: { gte: since } }, _count: { _all: true } });
  const counts = Object.fromEntries(grouped.map((g) => [g.kind, g._count._all]));
  return { enterpriseId, asOf: now.toISOString(), ...scoreCredit(model, counts, await isNegativeListed(db, enterpriseId)) };
}
