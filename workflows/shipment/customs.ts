import { copNo as makeCopNo, DocType, REQUEST_MESSAGE, receiptRank, type DocExtra, type ReceiptStatus } from '../../domain/customs.js';
import { effectKey } from '../../domain/idempotency.js';
import { ShipmentStatus } from '../../domain/status.js';
import { scaled } from '../../domain/time.js';
import { nowIso } from './clock.js';
import type { DocProgress, ShipmentRun } from './run.js';
import { inputArg } from './order.js';
import { SLA, type Acts } from './options.js';
type Status = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** Sends one customs document (revision = the shipment's current revision). */
export async function submitDocument(run: ShipmentRun, acts: Acts, docType: DocType, extra: DocExtra = {}): Promise<string> {
  const revision = run.state.revision;
  const copNo = makeCopNo(run.input.shipmentId, docType, revision);
  run.markResubmitted(docType);
  await acts(`${REQUEST_MESSAGE[docType]} ${docType.toLowerCase()} r${revision} → Single Window`).submitCustomsDocument({
    shipmentId: run.input.shipmentId,
    ...inputArg(run),
    docType,
    revision,
    copNo,
    sentAt: nowIso(),
    idempotencyKey: effectKey(run.input.shipmentId, REQUEST_MESSAGE[docType], revision),
    extra,
  });
  return copNo;
}

const COP_NO_DOCS: readonly DocType[] = [
  DocType.INVENTORY, DocType.INVENTORY_CANCEL, DocType.ARRIVAL, DocType.DEPARTURE,
  DocType.IMPORT_INVENTORY, DocType.IMPORT_INVENTORY_CANCEL, DocType.IMPORT_RETURN, DocType.ENTRY_DECLARATION,
];

function copNoFor(run: ShipmentRun, docType: DocType): string | undefined {
  // only inventory-type documents carry copNo in their receipts
  return COP_NO_DOCS.includes(docType) ? makeCopNo(run.input.shipmentId, docType, run.state.revision) : undefined;
}

export function docProgress(run: ShipmentRun, docType: DocType): DocProgress {
  return run.progress(docType, copNoFor(run, docType));
}

/**
 * Submits a document and waits until its receipts reach `until` (or a rejection). A rejection
 * (退单) puts the shipment in REJECTED until a correction arrives through the API, then the
 * corrected revision is sent and awaited again.
 */
export async function fileUntil(
  run: ShipmentRun,
  acts: Acts,
  docType: DocType,
  until: Status,
  what: string,
  extra: DocExtra = {},
): Promise<DocProgress> {
  for (;;) {
    await submitDocument(run, acts, docType, extra);
    const reached = () => {
      const p = docProgress(run, docType);
      return p.rejection !== undefined || p.rank >= receiptRank(until);
    };
    await run.waitWithSla(reached, SLA.receiptAccepted, what);
    const progress = docProgress(run, docType);
    if (!progress.rejection) return progress;
    await awaitCorrection(run, docType, progress);
  }
}

/** Holds a rejected shipment until the enterprise sends a correction (an Update via the API). */
export async function awaitCorrection(run: ShipmentRun, docType: DocType, progress: DocProgress): Promise<void> {
  const reason = progress.rejection?.returnInfo ?? 'rejected';
  const revision = run.state.revision;
  run.state.lastRejection = `${docType}: ${progress.rejection?.returnStatus} ${reason}`;
  const previous = run.state.stageStatus === ShipmentStatus.REJECTED ? ShipmentStatus.DATA_PUSH : run.state.stageStatus;
  await run.setStatus(ShipmentStatus.REJECTED, run.state.stage, 'REJECTED', run.state.lastRejection);
  // Two documents rejected at once (order and waybill) share one correction: whoever sees it
  // first applies it; the other only resubmits with the new revision.
  await run.waitWithSla(() => run.pendingCorrection !== undefined || run.state.revision > revision, SLA.correction, 'a correction');
  if (run.state.revision > revision) return;
  const correction = run.pendingCorrection!;
  const request = run.input.request;
  if (request.mode === '1210') {
    if (correction.importItems) request.items = correction.importItems;
  } else {
    if (correction.items) request.items = correction.items;
    if (correction.destination) request.destination = correction.destination;
  }
  if (correction.grossWeightKg !== undefined) request.grossWeightKg = correction.grossWeightKg;
  if (correction.netWeightKg !== undefined) request.netWeightKg = correction.netWeightKg;
  run.state.revision += 1;
  run.pendingCorrection = undefined;
  await run.setStatus(previous, run.state.stage, 'CORRECTED', `revision ${run.state.revision}: ${correction.reason}`);
}

/** Waits (without SLA marking) for a condition, bounded by a business duration. */
export async function waitBounded(run: ShipmentRun, done: () => boolean, businessMs: number): Promise<boolean> {
  return run.wait({ until: done, timeoutMs: scaled(businessMs, run.timeScale) });
}
