import type { Db } from './client.js';
import { periodWindow, SUMMARY_DECLARED_EVENT, SummaryStatus } from '../domain/summary.js';
import { statisticsFlagOf } from '../domain/export/statistics-flag.js';
import { eventOfTimelineEntry } from '../domain/events/catalogue.js';
import { appendEvent, shipmentEventId } from './events.js';

/**
 * The 9610 monthly summary declarations (CustomsSummary rows) and the projection data they are
 * gathered from. Written by the summary activities (status, results) and by the Single Window
 * callback route (sumNo, so that CEB792 results find their row).
 */

/**
 * Timeline sequence number of the SUMMARY_DECLARED event on a shipment. The shipment workflow
 * numbers its own events 1, 2, 3…; the summary writes from outside that workflow (which has usually
 * completed), so it uses a number the workflow never reaches. One summary event per shipment.
 */
export const SUMMARY_EVENT_SEQ = 1_000_000;

export interface SummaryRow {
  copNo: string;
  enterpriseId: string;
  period: string;
  workflowId: string;
  status: string;
  sumNo: string | null;
  invtNos: string[];
  entryIds: string[];
  lastInfo: string | null;
  /** When the row was created: the application's appTime, identical on every re-send. */
  createdAt: string;
  updatedAt: string;
}

type Raw = Awaited<ReturnType<Db['customsSummary']['findUniqueOrThrow']>>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
function toRow(r: Raw): SummaryRow {
  return {
    copNo: r.copNo, enterpriseId: r.enterpriseId, period: r.period, workflowId: r.workflowId, status: r.status, sumNo: r.sumNo,
    invtNos: strings(r.invtNos), entryIds: strings(r.entryIds), lastInfo: r.lastInfo, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Export modes whose B lists enter the summary declaration: 9610, and 9710/9810 list-route
 * consignments, whose export VAT refund needs the declaration number (报关单号) the summary brings
 * (docs/reference/domain-rules.md §3.1 condition 2: "for 9710/9810 the 报关单 or summarised data"; §4.3: keep the
 * entryId on every export). Decision for issue 16 item 2 in domain/export/statistics-flag.ts.
 */
export const SUMMARY_MODES = ['9610', '9710', '9810'] as const;

/**
 * Export shipments (SUMMARY_MODES) whose inventory customs released in the period (the workflow's RELEASED
 * timeline event, China-time month), declared with statisticsFlag B (the request's, else the
 * platform default) and not summarised yet (no entryId). ⚠ docs/reference/domain-rules.md §1.3 step 8 speaks of
 * lists *closed* (结关) in the previous month; release is what the platform records per month,
 * and a list closes within days of its release.
 */
export async function eligibleShipments(db: Db, q: { period: string; statisticsFlagDefault: 'A' | 'B'; enterpriseId?: string }) {
  const { start, end } = periodWindow(q.period);
  const events = await db.shipmentEvent.findMany({
    where: {
      type: 'RELEASED',
      at: { gte: new Date(start), lt: new Date(end) },
      shipment: { mode: { in: [...SUMMARY_MODES] }, invtNo: { not: null }, entryId: null, ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}) },
    },
    select: { shipment: { select: { id: true, enterpriseId: true, invtNo: true, mode: true, request: true } } },
    orderBy: [{ at: 'asc' }, { shipmentId: 'asc' }],
  });
  const seen = new Set<string>();
  const out: { id: string; enterpriseId: string; invtNo: string }[] = [];
  for (const { shipment: s } of events) {
    if (seen.has(s.id) || !s.invtNo) continue;
    seen.add(s.id);
    const requested = (s.request as { statisticsFlag?: 'A' | 'B' } | null)?.statisticsFlag;
    if (statisticsFlagOf(s.mode, requested, q.statisticsFlagDefault) === 'B') out.push({ id: s.id, enterpriseId: s.enterpriseId, invtNo: s.invtNo });
  }
  return out;
}

/** Enterprises with lists to summarise in the period and no declared summary for it yet. */
export async function summaryEnterprises(db: Db, q: { period: string; statisticsFlagDefault: 'A' | 'B' }): Promise<string[]> {
  const ids = [...new Set((await eligibleShipments(db, q)).map((s) => s.enterpriseId))].sort();
  if (ids.length === 0) return [];
  const declared = await db.customsSummary.findMany({ where: { period: q.period, enterpriseId: { in: ids }, status: SummaryStatus.DECLARED }, select: { enterpriseId: true } });
  const done = new Set(declared.map((d) => d.enterpriseId));
  return ids.filter((id) => !done.has(id));
}

export async function findSummary(db: Db, enterpriseId: string, period: string): Promise<SummaryRow | undefined> {
  const r = await db.customsSummary.findUnique({ where: { enterpriseId_period: { enterpriseId, period } } });
  return r ? toRow(r) : undefined;
}

/**
 * The enterprise's application for the period: the existing row, else a new one (status CREATED)
 * with the lists gathered, else (nothing to declare) undefined. Idempotent under retries.
 */
export async function openSummary(
  db: Db,
  s: { copNo: string; enterpriseId: string; period: string; workflowId: string; invtNos: string[]; createdAt: string },
): Promise<SummaryRow | undefined> {
  const existing = await findSummary(db, s.enterpriseId, s.period);
  if (existing || s.invtNos.length === 0) return existing;
  const r = await db.customsSummary.upsert({
    where: { enterpriseId_period: { enterpriseId: s.enterpriseId, period: s.period } },
    create: { copNo: s.copNo, enterpriseId: s.enterpriseId, period: s.period, workflowId: s.workflowId, status: SummaryStatus.CREATED, invtNos: s.invtNos, createdAt: new Date(s.createdAt) },
    update: {},
  });
  return toRow(r);
}

/** A rejected application made anew under a new copNo (the next revision) with the lists gathered now. */
export async function reviseSummary(db: Db, s: { fromCopNo: string; copNo: string; workflowId: string; invtNos: string[]; createdAt: string }): Promise<SummaryRow> {
  const current = await db.customsSummary.findUnique({ where: { copNo: s.copNo } });
  if (current) return toRow(current); // a retry after the revision was written
  const r = await db.customsSummary.update({
    where: { copNo: s.fromCopNo },
    data: {
      copNo: s.copNo, workflowId: s.workflowId, status: SummaryStatus.CREATED, sumNo: null, invtNos: s.invtNos, entryIds: [], lastInfo: null,
      createdAt: new Date(s.createdAt),
    },
  });
  return toRow(r);
}

export async function updateSummary(db: Db, u: { copNo: string; status: string; sumNo?: string | undefined; lastInfo?: string | undefined }): Promise<void> {
  await db.customsSummary.update({
    where: { copNo: u.copNo },
    data: { status: u.status, ...(u.sumNo ? { sumNo: u.sumNo } : {}), ...(u.lastInfo !== undefined ? { lastInfo: u.lastInfo.slice(0, 1000) } : {}) },
  });
}

/**
 * The results of a declared summary: the row gets the sumNo and the declaration numbers; each
 * inventory's shipment gets its declaration number (报关单号, `entryId`) and a SUMMARY_DECLARED
 * timeline event. The 报关单号 is what the tax side needs for a 9610 export: the export VAT
 * refund / the no-invoice exemption (无票免征) record and FX matching are filed against the
 * customs declaration, not against the inventory list (docs/reference/domain-rules.md §1.3 step 8, §3). Idempotent.
 */
export async function recordSummaryResults(
  db: Db,
  r: { copNo: string; sumNo: string; at: string; results: { declSeqNo: string; entryId: string; invtNos: string[] }[] },
): Promise<{ shipments: number }> {
  return db.$transaction(async (tx) => {
    const row = await tx.customsSummary.findUniqueOrThrow({ where: { copNo: r.copNo } });
    const entryIds = [...new Set(r.results.map((x) => x.entryId))];
    await tx.customsSummary.update({
      where: { copNo: r.copNo },
      data: { status: SummaryStatus.DECLARED, sumNo: r.sumNo, entryIds, lastInfo: `declared as ${entryIds.join(', ')} (summary ${r.sumNo})`.slice(0, 1000) },
    });
    let shipments = 0;
    for (const result of r.results) {
      const rows = await tx.shipment.findMany({
        where: { enterpriseId: row.enterpriseId, mode: { in: [...SUMMARY_MODES] }, invtNo: { in: [...new Set(result.invtNos)] } },
        select: { id: true, stage: true, status: true, invtNo: true },
      });
      for (const s of rows) {
        // entryId only: the shipment workflow's own sequence-guarded projection stays untouched
        await tx.shipment.update({ where: { id: s.id }, data: { entryId: result.entryId } });
        const info = `customs declaration (报关单) ${result.entryId}: inventory ${s.invtNo} in summary ${r.sumNo} (${row.period})`;
        const written = await tx.shipmentEvent.createMany({
          data: [{
            shipmentId: s.id, seq: SUMMARY_EVENT_SEQ, stage: s.stage, status: s.status, type: SUMMARY_DECLARED_EVENT, at: new Date(r.at),
            detail: { info, entryId: result.entryId, sumNo: r.sumNo, declSeqNo: result.declSeqNo },
          }],
          skipDuplicates: true,
        });
        if (written.count > 0) {
          const { type, data } = eventOfTimelineEntry({
            shipmentId: s.id, seq: SUMMARY_EVENT_SEQ, at: r.at, stage: s.stage, status: s.status, type: SUMMARY_DECLARED_EVENT, info, fields: { entryId: result.entryId }, terminal: false,
          });
          await appendEvent(tx, {
            id: shipmentEventId(s.id, SUMMARY_EVENT_SEQ), enterpriseId: row.enterpriseId, type, shipmentId: s.id, sequence: SUMMARY_EVENT_SEQ, orderingKey: s.id, occurredAt: new Date(r.at), data,
          });
        }
        shipments += 1;
      }
    }
    return { shipments };
  });
}

/** Summary rows for ops, newest first. */
export async function listSummaries(db: Db, q: { period?: string | undefined; enterpriseId?: string | undefined; limit: number }): Promise<SummaryRow[]> {
  const rows = await db.customsSummary.findMany({
    where: { ...(q.period ? { period: q.period } : {}), ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}) },
    orderBy: [{ period: 'desc' }, { enterpriseId: 'asc' }],
    take: q.limit,
  });
  return rows.map(toRow);
}

/** The row a CEB702 receipt answers (by copNo); stores the sumNo customs assigned with the 120. */
export async function summaryForReceipt(db: Db, copNo: string, sumNo: string | undefined): Promise<SummaryRow | undefined> {
  const r = await db.customsSummary.findUnique({ where: { copNo } });
  if (!r) return undefined;
  if (sumNo && r.sumNo !== sumNo) return toRow(await db.customsSummary.update({ where: { copNo }, data: { sumNo } }));
  return toRow(r);
}

/**
 * The row a CEB792 result answers: by sumNo; when the result overtook the 120 receipt that
 * carries the sumNo, the one application of that enterprise (ebcCode) still without a sumNo.
 */
export async function summaryForResult(db: Db, sumNo: string, ebcCode: string): Promise<SummaryRow | undefined> {
  const bySum = await db.customsSummary.findFirst({ where: { sumNo } });
  if (bySum) return toRow(bySum);
  const enterprises = (await db.enterprise.findMany({ where: { customsCode: ebcCode }, select: { id: true } })).map((e) => e.id);
  const waiting = [SummaryStatus.CREATED, SummaryStatus.SUBMITTED, SummaryStatus.ACCEPTED, SummaryStatus.DEADLINE_MISSED];
  const open = await db.customsSummary.findMany({ where: { sumNo: null, status: { in: waiting }, enterpriseId: { in: enterprises } }, take: 2 });
  if (open.length !== 1) return undefined;
  return toRow(await db.customsSummary.update({ where: { copNo: open[0]!.copNo }, data: { sumNo } }));
}
