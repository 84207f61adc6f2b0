import type { CebReceipt } from '../../adapters/single-window/ceb/index.js';
import type { SingleWindowNotice } from '../../adapters/single-window/inbound.js';
import { routeReceipt } from '../../adapters/single-window/routing.js';
import { Prisma } from '../../db/client.js';
import { raiseSignalledRank } from '../../db/projection.js';
import { queryRows } from '../../db/sql.js';
import { summaryForReceipt, summaryForResult } from '../../db/summaries.js';
import { isActionable, receiptNeedsSignal, receiptRank, type CustomsReceipt } from '../../domain/customs.js';
import { receiptReceived, taxBillReceived, type TaxBillEvent } from '../../workflows/contract.js';
import { summaryReceiptReceived, summaryResultReceived, type SummaryReceipt, type SummaryResultEvent } from '../../workflows/summary-contract.js';
import { deliver, summarize, type DeliverDeps, type Outcome, type Processed } from './deliver.js';

/** Document type under which an import inventory's number is filed for its e-tax bill. */
export const TAX_BILL_DOC = 'TAX_BILL';

/**
 * What the Single Window sends: receipts for the documents a shipment filed (routed by the
 * document's business key, adapters/single-window/routing.ts), e-tax bills (CEB816, routed by
 * the inventory number) and the receipts and results of a 9610 monthly summary (CEB702/CEB792,
 * routed through its CustomsSummary row to the enterprise's summary workflow).
 */
export async function singleWindowNotice(deps: DeliverDeps, notice: SingleWindowNotice): Promise<Processed> {
  const outcomes: Outcome[] = [];
  if (notice.kind === 'TAX_BILLS') for (const b of notice.bills) outcomes.push(await taxBill(deps, b));
  else if (notice.kind === 'SUMMARY_RESULTS') for (const r of notice.results) outcomes.push(await summaryResult(deps, r));
  else for (const r of notice.receipts) outcomes.push(await receipt(deps, r));
  return { outcome: summarize(outcomes) };
}

async function receipt(deps: DeliverDeps, r: CebReceipt): Promise<Outcome> {
  if (!isActionable(r.returnStatus)) return 'IGNORED';
  const route = routeReceipt(r);
  if (route?.docType === 'SUMMARY') return summaryReceipt(deps, r); // CEB702: a CustomsSummary row, not a shipment document
  const doc = route && (await findDocument(deps, route));
  if (!route || !doc) return 'UNMATCHED';
  const receipt: CustomsReceipt = {
    docType: route.docType,
    messageType: r.messageType,
    guid: r.guid,
    returnStatus: r.returnStatus,
    returnInfo: r.returnInfo,
    returnTime: r.returnTime,
    ...(r.copNo ? { copNo: r.copNo } : {}),
    ...(r.preNo ? { preNo: r.preNo } : {}),
    ...(r.invtNo ? { invtNo: r.invtNo } : {}),
    ...(r.entryId ? { entryId: r.entryId } : {}),
  };
  if (route.docType === 'IMPORT_INVENTORY' && r.invtNo) {
    // the e-tax bill (CEB816) names only the inventory number: file it before it can arrive
    await deps.db.shipmentDocument.upsert({
      where: { system_docType_businessKey: { system: 'single-window', docType: TAX_BILL_DOC, businessKey: r.invtNo } },
      create: { shipmentId: doc.shipmentId, system: 'single-window', docType: TAX_BILL_DOC, businessKey: r.invtNo },
      update: {},
    });
  }
  // Only receipts that reach something a flow waits for are signalled (each signal is a billed
  // action); the others stay in the inbox. The rank is raised after the signal, so a failed
  // delivery is retried, and two receipts at once may both be signalled, which changes nothing.
  if (!receiptNeedsSignal(route.docType, r.returnStatus, doc.signalledRank)) return 'IGNORED';
  const outcome = await deliver(() => deps.temporal.workflow.getHandle(doc.shipmentId).signal(receiptReceived, receipt));
  if (outcome === 'DELIVERED') await raiseSignalledRank(deps.db, doc.id, receiptRank(r.returnStatus));
  return outcome;
}

/** The outgoing document a receipt answers (filed before it was sent), with the rank signalled so far. */
async function findDocument(deps: DeliverDeps, route: { docType: string; businessKey: string }) {
  const [doc] = await queryRows<{ id: bigint; shipmentId: string; signalledRank: number }>(deps.db, Prisma.sql`
    SELECT "id", "shipmentId", "signalledRank" FROM "ShipmentDocument"
    WHERE "system" = 'single-window' AND "docType" = ${route.docType} AND "businessKey" = ${route.businessKey}`);
  return doc;
}

/** An e-tax bill, for the shipment whose import inventory it names (filed with its receipt, else on the row). */
async function taxBill(deps: DeliverDeps, b: Extract<SingleWindowNotice, { kind: 'TAX_BILLS' }>['bills'][number]): Promise<Outcome> {
  const doc = await deps.db.shipmentDocument.findUnique({ where: { system_docType_businessKey: { system: 'single-window', docType: TAX_BILL_DOC, businessKey: b.invtNo } } });
  const shipmentId = doc?.shipmentId ?? (await deps.db.shipment.findFirst({ where: { invtNo: b.invtNo }, select: { id: true } }))?.id;
  if (!shipmentId) return 'UNMATCHED';
  const event: TaxBillEvent = { guid: b.guid, invtNo: b.invtNo, taxNo: b.taxNo, customsTax: b.customsTax, valueAddedTax: b.valueAddedTax, consumptionTax: b.consumptionTax, status: b.status };
  return deliver(() => deps.temporal.workflow.getHandle(shipmentId).signal(taxBillReceived, event));
}

/** CEB702: finds the summary by copNo (and stores the sumNo customs assigns with the 120). */
async function summaryReceipt(deps: DeliverDeps, r: CebReceipt): Promise<Outcome> {
  if (!r.copNo) return 'UNMATCHED';
  const row = await summaryForReceipt(deps.db, r.copNo, r.sumNo);
  if (!row) return 'UNMATCHED';
  const receipt: SummaryReceipt = {
    guid: r.guid,
    copNo: r.copNo,
    returnStatus: r.returnStatus,
    returnInfo: r.returnInfo,
    returnTime: r.returnTime,
    ...(r.preNo ? { preNo: r.preNo } : {}),
    ...(r.sumNo ? { sumNo: r.sumNo } : {}),
  };
  return deliver(() => deps.temporal.workflow.getHandle(row.workflowId).signal(summaryReceiptReceived, receipt));
}

/** CEB792: finds the summary by the sumNo of its 120 receipt. */
async function summaryResult(deps: DeliverDeps, r: Extract<SingleWindowNotice, { kind: 'SUMMARY_RESULTS' }>['results'][number]): Promise<Outcome> {
  const row = await summaryForResult(deps.db, r.sumNo, r.ebcCode);
  if (!row) return 'UNMATCHED';
  const event: SummaryResultEvent = {
    sumNo: r.sumNo,
    declSeqNo: r.declSeqNo,
    ...(r.entryId ? { entryId: r.entryId } : {}),
    decState: r.decState,
    msgCount: r.msgCount,
    msgSeqNo: r.msgSeqNo,
    invtNos: [...new Set(r.lines.map((l) => l.invtNo))],
  };
  return deliver(() => deps.temporal.workflow.getHandle(row.workflowId).signal(summaryResultReceived, event));
}
