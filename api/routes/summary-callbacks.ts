import type { Client } from '@temporalio/client';
import { parseSummaryResults, type CebReceipt } from '../../adapters/single-window/ceb/index.js';
import type { Db } from '../../db/client.js';
import { summaryForReceipt, summaryForResult } from '../../db/summaries.js';
import { summaryReceiptReceived, summaryResultReceived, type SummaryReceipt, type SummaryResultEvent } from '../../workflows/summary-contract.js';
import { deliver, type Outcome } from './callbacks.routes.js';

/**
 * Receipts of a 9610 summary application (CEB702) and its results (CEB792). A summary has no
 * shipment, so it is not a ShipmentDocument: the CEB702 finds its CustomsSummary row by copNo
 * (and stores the sumNo customs assigns with the 120), the CEB792 finds it by that sumNo; either
 * is signalled to the enterprise summary workflow named on the row. Unknown ones are UNMATCHED
 * (the raw message is stored by the callback route).
 */
export async function summaryReceiptNotice(deps: { db: Db; temporal: Client }, r: CebReceipt): Promise<Outcome> {
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

export async function summaryResultNotice(deps: { db: Db; temporal: Client }, xml: string, bad: (message: string) => Error): Promise<Outcome> {
  let results;
  try {
    results = parseSummaryResults(xml);
  } catch (err) {
    throw bad(`summary result XML could not be parsed: ${(err as Error).message}`);
  }
  const outcomes: Outcome[] = [];
  for (const r of results) {
    const row = await summaryForResult(deps.db, r.sumNo, r.ebcCode);
    if (!row) {
      outcomes.push('UNMATCHED');
      continue;
    }
    const event: SummaryResultEvent = {
      sumNo: r.sumNo,
      declSeqNo: r.declSeqNo,
      ...(r.entryId ? { entryId: r.entryId } : {}),
      decState: r.decState,
      msgCount: r.msgCount,
      msgSeqNo: r.msgSeqNo,
      invtNos: [...new Set(r.lines.map((l) => l.invtNo))],
    };
    outcomes.push(await deliver(() => deps.temporal.workflow.getHandle(row.workflowId).signal(summaryResultReceived, event)));
  }
  if (outcomes.includes('DELIVERED')) return 'DELIVERED';
  if (outcomes.includes('WORKFLOW_CLOSED')) return 'WORKFLOW_CLOSED';
  return outcomes.length ? 'UNMATCHED' : 'IGNORED';
}
