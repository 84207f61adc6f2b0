import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, log, patched, TemporalFailure } from '@temporalio/workflow';
import { DocType, ReceiptStatus, receiptRank } from '../domain/customs.js';
import { effectKey } from '../domain/idempotency.js';
import { modeDefinition } from '../domain/modes.js';
import type { ShipmentInput } from '../domain/shipment.js';
import { ShipmentStatus, Stage } from '../domain/status.js';
import { activitiesFor, SLA, type Acts } from './shipment/options.js';
import { ShipmentRun } from './shipment/run.js';
import { docProgress, submitDocument, waitBounded } from './shipment/customs.js';
import { lastWith, ShipmentEnded, type Flow } from './shipment/stages.js';
import { STAGES } from './shipment/all-stages.js';
import { compensateImport, releaseClaims } from './shipment/bonded.js';
import { OVERSEAS_SYSTEM } from './shipment/overseas.js';
import type { ShipmentState } from './contract.js';

/**
 * One shipment, end to end, through the stages of its customs mode (domain/modes.ts). For a 9610
 * retail export (docs/reference/domain-rules.md §1.3): order and waybill data → inventory list → transport
 * booking and first leg to the supervised site (arrival report) → customs release (inspection
 * and rejection handled) → departure and list closure → transit milestones → no-invoice tax
 * exemption record → FX receipt and settlement. Cancellation before departure withdraws the
 * inventory (CEB605) and releases the booking.
 */
export async function shipmentWorkflow(input: ShipmentInput): Promise<ShipmentState> {
  // shipments started since the lean history (workflows/shipment/run.ts) take it; older ones replay as they ran
  const run = new ShipmentRun(input, patched('lean-history'), patched('callbacks-bound'));
  const acts = activitiesFor(input.settings.timeScale, run.outbox);
  const main = new CancellationScope();
  const flow: Flow = {};
  run.onCancel(() => main.cancel());
  try {
    await main.run(async () => {
      for (const stage of modeDefinition(input.request.mode).stages) await STAGES[stage](run, acts, flow);
      await run.setStatus(ShipmentStatus.COMPLETED, Stage.DONE, 'COMPLETED', 'shipment completed');
    });
  } catch (err) {
    if (err instanceof ShipmentEnded) return run.state;
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => compensate(run, acts, flow));
      return run.state;
    }
    // A bug in workflow code is not a TemporalFailure: let the workflow task fail and retry
    // until a fixed worker is deployed. A business failure ends the shipment as FAILED.
    if (!(err instanceof TemporalFailure)) throw err;
    const reason = failureText(err);
    await CancellationScope.nonCancellable(async () => {
      // a failed 1210 order gives back the quota and stock the API claimed for it
      if (input.request.mode === '1210' && !run.departed) await releaseClaims(run, acts);
      await run.setStatus(ShipmentStatus.FAILED, run.state.stage, 'FAILED', reason);
    });
    // Failure messages are not encrypted (the default failure converter): the text of the cause
    // (outside systems' answers, free text) stays in the encrypted timeline; the failure names
    // only its type and stage. Executions that failed before keep their recorded message.
    throw ApplicationFailure.nonRetryable(patched('failure-without-free-text') ? failureSummary(err, run.state.stage) : reason, 'SHIPMENT_FAILED');
  } finally {
    // the last projection writes of a lean history (its end status) have no activity to ride with
    await run.flushBeforeEnd();
  }
  return run.state;
}


/** Undo what was done before departure: withdraw the inventory, release the booking. */
async function compensate(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const shipmentId = run.input.shipmentId;
  const reason = run.state.cancelRequested?.reason ?? 'cancelled from Temporal';
  if (run.departed) {
    // Only a cancellation from the Temporal UI can get here: the API refuses it after release.
    await run.setStatus(ShipmentStatus.CANCELLED, Stage.DONE, 'CANCELLED', `${reason}; goods already released, nothing withdrawn`);
    return;
  }
  await run.setStatus(ShipmentStatus.CANCELLING, run.state.stage, 'CANCELLING', reason);
  if (run.input.request.mode === '1210') {
    await compensateImport(run, acts, reason);
    await run.setStatus(ShipmentStatus.CANCELLED, Stage.DONE, 'CANCELLED', reason);
    return;
  }
  const inventory = docProgress(run, DocType.INVENTORY);
  const submitted = run.epoch.has(DocType.INVENTORY);
  if (submitted && !inventory.rejection) {
    // The cancellation needs the customs inventory number: wait briefly for it if still missing.
    await waitBounded(run, () => lastWith(run, 'invtNo') !== undefined || docProgress(run, DocType.INVENTORY).rejection !== undefined, SLA.customsLogicCheck);
    const invtNo = lastWith(run, 'invtNo');
    if (invtNo) {
      run.state.invtNo = invtNo;
      await submitDocument(run, acts, DocType.INVENTORY_CANCEL, { invtNo, reason });
      const done = await waitBounded(run, () => {
        const p = docProgress(run, DocType.INVENTORY_CANCEL);
        return p.rejection !== undefined || p.rank >= receiptRank(ReceiptStatus.CONCLUDED);
      }, SLA.customsRelease);
      const p = docProgress(run, DocType.INVENTORY_CANCEL);
      await run.record('INVENTORY_CANCELLED', done && !p.rejection ? `inventory ${invtNo} withdrawn (CEB605)` : `customs did not confirm the withdrawal: ${p.rejection?.returnInfo ?? 'no receipt'}`);
    }
  }
  if (run.epoch.has(DocType.ENTRY_DECLARATION)) {
    // ⚠ Withdrawing a customs declaration (报关单删改/撤销) is not modelled (issue 16 item 2, H2018 route): ops do it in the Single Window.
    await run.record('DECLARATION_TO_WITHDRAW', `customs declaration ${run.state.entryId ?? '(no number yet)'} was filed: withdraw it in the Single Window (not done by the platform)`);
  }
  await flow.bookingSettled; // a booking still being made is released once it is made
  if (run.state.bookingNo) {
    const bookingNo = run.state.bookingNo;
    if (await undoneOrRefused(run, `release of booking ${bookingNo}`, () => acts('Release the transport booking').cancelBooking({ shipmentId, corridor: run.exportRequest.corridor, bookingNo, reason, idempotencyKey: effectKey(shipmentId, 'transport-cancel') }))) {
      await run.record('BOOKING_RELEASED', `booking ${bookingNo} released`);
    }
  }
  if (run.input.request.mode === '9810' && run.state.warehouseRef) {
    const inboundNo = run.state.warehouseRef;
    if (await undoneOrRefused(run, `cancellation of warehouse inbound ${inboundNo}`, () => acts('Cancel the overseas warehouse inbound').cancelWarehouseInbound({ system: OVERSEAS_SYSTEM, inboundNo, reason, idempotencyKey: effectKey(shipmentId, 'warehouse-inbound-cancel') }))) {
      await run.record('WAREHOUSE_BOOKING_CANCELLED', `inbound ${inboundNo} cancelled`);
    }
  }
  log.info('Shipment cancelled', { shipmentId });
  await run.setStatus(ShipmentStatus.CANCELLED, Stage.DONE, 'CANCELLED', reason);
}


/**
 * One compensation step: true once done. A counterpart that refuses it for good (a non-retryable
 * answer, e.g. a warehouse reporting the inbound already received) no longer fails the whole
 * cancellation: the refusal goes on the timeline for ops to reconcile and the cancellation goes on
 * (patch 'compensation-refusal-recorded'; before it such a refusal ended the shipment FAILED).
 */
async function undoneOrRefused(run: ShipmentRun, what: string, step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (err) {
    const refusal = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable ? err.cause : undefined;
    if (!refusal || !patched('compensation-refusal-recorded')) throw err;
    await run.record('COMPENSATION_REFUSED', `${what} refused (${refusal.type ?? 'refused'}: ${refusal.message}); ops reconcile it with the counterpart`);
    return false;
  }
}

function rootCause(err: TemporalFailure): Error | undefined {
  let cause: Error | undefined = err;
  while (cause instanceof TemporalFailure && cause.cause) cause = cause.cause;
  return cause;
}

/** The failure's type and the stage: no message text. */
function failureSummary(err: TemporalFailure, stage: string): string {
  const cause = rootCause(err);
  const type = cause instanceof ApplicationFailure && cause.type ? cause.type : (cause?.name ?? 'Error');
  return `${type} at stage ${stage}; details in the shipment timeline`;
}

function failureText(err: TemporalFailure): string {
  const cause = rootCause(err);
  const type = cause instanceof ApplicationFailure && cause.type ? `${cause.type}: ` : '';
  return `${type}${cause?.message ?? err.message}`;
}

