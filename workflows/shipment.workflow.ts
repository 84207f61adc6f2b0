import { ApplicationFailure, CancellationScope, isCancellation, log, TemporalFailure } from '@temporalio/workflow';
import { corridorInfo } from '../domain/corridors.js';
import { DocType, ReceiptStatus, receiptRank } from '../domain/customs.js';
import { effectKey } from '../domain/idempotency.js';
import { shipmentGoodsValue, round5, type ShipmentInput } from '../domain/shipment.js';
import { ShipmentStatus, Stage } from '../domain/status.js';
import { activitiesFor, SLA, type Acts } from './shipment/options.js';
import { ShipmentRun } from './shipment/run.js';
import { awaitCorrection, docProgress, fileUntil, submitDocument, waitBounded } from './shipment/customs.js';
import type { ShipmentState } from './contract.js';

/**
 * One 9610 retail export, end to end (domain-rules.md §1.3): order and waybill data → inventory
 * list → rail booking and first leg to the supervised site (arrival report) → customs release
 * (inspection and rejection handled) → departure and list closure → transit milestones →
 * no-invoice tax exemption record → FX receipt and settlement. Cancellation before departure
 * withdraws the inventory (CEB605) and releases the booking.
 */
export async function shipmentWorkflow(input: ShipmentInput): Promise<ShipmentState> {
  const run = new ShipmentRun(input);
  const acts = activitiesFor(input.settings.timeScale);
  const main = new CancellationScope();
  run.onCancel(() => main.cancel());
  try {
    await main.run(() => exportFlow(run, acts));
  } catch (err) {
    if (err instanceof ShipmentEnded) return run.state;
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => compensate(run, acts));
      return run.state;
    }
    // A bug in workflow code is not a TemporalFailure: let the workflow task fail and retry
    // until a fixed worker is deployed. A business failure ends the shipment as FAILED.
    if (!(err instanceof TemporalFailure)) throw err;
    const reason = failureText(err);
    await CancellationScope.nonCancellable(() => run.setStatus(ShipmentStatus.FAILED, run.state.stage, 'FAILED', reason));
    throw ApplicationFailure.nonRetryable(reason, 'SHIPMENT_FAILED');
  }
  return run.state;
}


async function exportFlow(run: ShipmentRun, acts: Acts): Promise<void> {
  const { request, shipmentId } = { request: run.input.request, shipmentId: run.input.shipmentId };
  await run.setStatus(ShipmentStatus.RECEIVED, Stage.ORDER, 'ACCEPTED', `order ${request.orderNo} validated and accepted`);

  // Data push (三单 for export: order + waybill; the receipt of payment only where the rule date requires it)
  await run.setStatus(ShipmentStatus.DATA_PUSH, Stage.DATA_PUSH, 'DATA_PUSH', 'order CEB303 and waybill CEB505 sent');
  // Booking runs beside the data push; its number is kept at once so a cancellation can release it.
  const booking = acts(`Book transport: ${corridorInfo(request.corridor).label}`).bookRail({ shipmentId, request, idempotencyKey: effectKey(shipmentId, 'transport-booking') }).then(
    (b) => {
      run.state.bookingNo = b.bookingNo;
      return { ok: b } as const;
    },
    (err: unknown) => ({ err }) as const,
  );
  const docs = [DocType.ORDER, DocType.WAYBILL, ...(run.input.settings.requirePaymentReceipt ? [DocType.PAYMENT_RECEIPT] : [])];
  await Promise.all(docs.map((d) => fileUntil(run, acts, d, ReceiptStatus.ACCEPTED, `${d} receipt`)));
  const bookingResult = await booking;
  if ('err' in bookingResult) throw bookingResult.err;
  const booked = bookingResult.ok;
  await run.record('BOOKED', `train ${booked.trainNo} from ${booked.hub}, booking ${booked.bookingNo}`);

  // Declaration inventory (申报清单): e-port accepts (preNo), customs logic check passes (invtNo)
  await run.setStatus(ShipmentStatus.DECLARING, Stage.DECLARATION, 'DECLARED', 'inventory CEB603 sent');
  await fileUntil(run, acts, DocType.INVENTORY, ReceiptStatus.LOGIC_CHECK_PASSED, 'inventory logic check');
  run.state.invtNo = lastWith(run, 'invtNo') ?? run.state.invtNo;
  run.state.preNo = lastWith(run, 'preNo') ?? run.state.preNo;
  await run.record('LOGIC_CHECK_PASSED', `inventory ${run.state.invtNo ?? ''} passed the customs logic check`);

  // First leg to the supervised site, then the arrival report (运抵单)
  await run.setStatus(ShipmentStatus.AWAITING_GOODS, Stage.FIRST_LEG, 'FIRST_LEG', `goods on the way to ${booked.hub}`);
  await run.waitWithSla(() => run.railEvents.has('ARRIVED_AT_SITE'), SLA.firstLeg, 'goods at the supervised site');
  await fileUntil(run, acts, DocType.ARRIVAL, ReceiptStatus.ACCEPTED, 'arrival report receipt', { bookingNo: booked.bookingNo, trainNo: booked.trainNo });

  // Customs check and release
  await run.setStatus(ShipmentStatus.CUSTOMS_REVIEW, Stage.CUSTOMS, 'CUSTOMS_REVIEW', 'waiting for customs release');
  await awaitRelease(run, acts);

  // Departure: load on the train, departure report (离境单), list closed (结关)
  run.departed = true;
  await run.setStatus(ShipmentStatus.DEPARTING, Stage.DEPARTURE, 'RELEASED', 'released; loading on the train');
  await acts('Confirm loading for departure').confirmLoading({ shipmentId, corridor: request.corridor, bookingNo: booked.bookingNo, invtNo: run.state.invtNo ?? '', idempotencyKey: effectKey(shipmentId, 'transport-loading') });
  await run.waitWithSla(() => run.railEvents.has('DEPARTED'), SLA.departure, 'train departure');
  await fileUntil(run, acts, DocType.DEPARTURE, ReceiptStatus.ACCEPTED, 'departure report receipt', { bookingNo: booked.bookingNo, trainNo: booked.trainNo });
  await run.waitWithSla(() => docProgress(run, DocType.INVENTORY).rank >= receiptRank(ReceiptStatus.CLOSED), SLA.listClosed, 'inventory closed (结关)');

  // International transit milestones
  await run.setStatus(ShipmentStatus.IN_TRANSIT, Stage.TRANSIT, 'DEPARTED', `train left ${run.railEvents.get('DEPARTED')?.location ?? booked.hub}`);
  const transitSla = corridorInfo(request.corridor).sla;
  await run.waitWithSla(() => run.railEvents.has('BORDER_CROSSED'), transitSla.border, 'border crossing');
  await run.record('BORDER_CROSSED', `crossed the border at ${run.railEvents.get('BORDER_CROSSED')?.location ?? ''}`);
  await run.waitWithSla(() => run.railEvents.has('ARRIVED'), transitSla.arrival, 'arrival abroad');
  await run.record('ARRIVED', `arrived at ${run.railEvents.get('ARRIVED')?.location ?? ''}`);

  // Tax: pilot-zone no-invoice exemption record (无票免征)
  await run.setStatus(ShipmentStatus.TAX_FILING, Stage.TAX, 'TAX_FILING', 'recording the no-invoice VAT exemption');
  const exportDate = (run.railEvents.get('DEPARTED')?.at ?? new Date(Date.now()).toISOString()).slice(0, 10);
  const tax = await acts('Record no-invoice VAT exemption (无票免征)').recordTaxExemption({ shipmentId, input: run.input, invtNo: run.state.invtNo ?? '', exportDate, idempotencyKey: effectKey(shipmentId, 'tax-exemption') });
  run.state.taxRecordNo = tax.recordNo;
  await run.record('TAX_RECORDED', `exemption record ${tax.recordNo}`);

  // FX: the export proceeds arrive at the bank and are settled into CNY
  await settleProceeds(run, acts);
  await run.setStatus(ShipmentStatus.COMPLETED, Stage.DONE, 'COMPLETED', 'shipment completed');
}

async function awaitRelease(run: ShipmentRun, acts: Acts): Promise<void> {
  for (;;) {
    const settled = () => {
      const p = docProgress(run, DocType.INVENTORY);
      const inspected = p.statuses.includes(ReceiptStatus.INSPECTION) && !run.state.inspection?.resolution;
      return p.rejection !== undefined || inspected || p.rank >= receiptRank(ReceiptStatus.RELEASED);
    };
    await run.waitWithSla(settled, SLA.customsRelease, 'customs release');
    const p = docProgress(run, DocType.INVENTORY);
    if (p.rejection) {
      await awaitCorrection(run, DocType.INVENTORY, p);
      await fileUntil(run, acts, DocType.INVENTORY, ReceiptStatus.LOGIC_CHECK_PASSED, 'corrected inventory logic check');
      run.state.invtNo = lastWith(run, 'invtNo') ?? run.state.invtNo;
      await run.setStatus(ShipmentStatus.CUSTOMS_REVIEW, Stage.CUSTOMS, 'CUSTOMS_REVIEW', 'corrected inventory under review');
      continue;
    }
    if (p.statuses.includes(ReceiptStatus.INSPECTION) && !run.state.inspection?.resolution) {
      run.state.inspection = { openedAt: new Date(Date.now()).toISOString() };
      await run.setStatus(ShipmentStatus.INSPECTION, Stage.CUSTOMS, 'INSPECTION', 'selected for inspection (查验); held for ops');
      await run.waitWithSla(() => run.state.inspection?.resolution !== undefined, SLA.inspection, 'inspection resolution');
      const resolution = run.state.inspection.resolution!;
      if (resolution.outcome === 'SEIZED') {
        await run.setStatus(ShipmentStatus.FAILED, Stage.CUSTOMS, 'SEIZED', `inspection found a problem: ${resolution.note}`);
        throw new ShipmentEnded();
      }
      await run.setStatus(ShipmentStatus.CUSTOMS_REVIEW, Stage.CUSTOMS, 'INSPECTION_CLEARED', `inspection cleared by ${resolution.operator}: ${resolution.note}`);
      continue;
    }
    return;
  }
}

async function settleProceeds(run: ShipmentRun, acts: Acts): Promise<void> {
  const { shipmentId, request } = { shipmentId: run.input.shipmentId, request: run.input.request };
  // Proceeds = order value plus freight the buyer paid (CEB303 goodsValue + freight).
  const amount = round5(shipmentGoodsValue(request) + request.freight).toFixed(2);
  await run.setStatus(ShipmentStatus.FX_SETTLEMENT, Stage.FX, 'FX_EXPECTED', `expecting ${amount} ${request.currency}`);
  const collection = await acts('Open FX collection at the bank').openCollection({ shipmentId, request, amount, idempotencyKey: effectKey(shipmentId, 'fx-collection') });
  run.state.collectionId = collection.collectionId;
  await run.waitWithSla(() => run.funds !== undefined, SLA.funds, 'FX receipt');
  const funds = run.funds!;
  await run.record('FUNDS_RECEIVED', `${funds.amount} ${funds.currency} received (${funds.bankRef})`);
  if (request.currency === 'CNY') return;
  for (let attempt = 0; ; attempt++) {
    const quote = await acts(`FX quote ${funds.currency}→CNY`).quoteFx({ shipmentId, currency: funds.currency, amount: funds.amount, idempotencyKey: effectKey(shipmentId, 'fx-quote', attempt) });
    const settled = await acts('Settle FX into CNY (结汇)').settleFx({
      shipmentId,
      collectionId: collection.collectionId,
      quoteId: quote.quoteId,
      currency: funds.currency,
      amount: funds.amount,
      idempotencyKey: effectKey(shipmentId, 'fx-settlement', attempt),
    });
    if (settled.outcome === 'QUOTE_EXPIRED') continue;
    run.state.settlementId = settled.settlementId;
    run.state.cnyAmount = settled.cnyAmount;
    run.state.fxRate = settled.rate;
    await run.record('FX_SETTLED', `settled ${funds.amount} ${funds.currency} → ${settled.cnyAmount} CNY at ${settled.rate}`);
    return;
  }
}

/** Undo what was done before departure: withdraw the inventory, release the booking. */
async function compensate(run: ShipmentRun, acts: Acts): Promise<void> {
  const shipmentId = run.input.shipmentId;
  const reason = run.state.cancelRequested?.reason ?? 'cancelled from Temporal';
  if (run.departed) {
    // Only a cancellation from the Temporal UI can get here: the API refuses it after release.
    await run.setStatus(ShipmentStatus.CANCELLED, Stage.DONE, 'CANCELLED', `${reason}; goods already released, nothing withdrawn`);
    return;
  }
  await run.setStatus(ShipmentStatus.CANCELLING, run.state.stage, 'CANCELLING', reason);
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
  if (run.state.bookingNo) {
    await acts('Release the transport booking').cancelRail({ shipmentId, corridor: run.input.request.corridor, bookingNo: run.state.bookingNo, reason, idempotencyKey: effectKey(shipmentId, 'transport-cancel') });
    await run.record('BOOKING_RELEASED', `booking ${run.state.bookingNo} released`);
  }
  log.info('Shipment cancelled', { shipmentId });
  await run.setStatus(ShipmentStatus.CANCELLED, Stage.DONE, 'CANCELLED', reason);
}

function lastWith(run: ShipmentRun, field: 'invtNo' | 'preNo'): string | undefined {
  let value: string | undefined;
  for (const r of run.receipts.values()) if (r.docType === DocType.INVENTORY && r[field]) value = r[field];
  return value;
}

function failureText(err: TemporalFailure): string {
  let cause: Error | undefined = err;
  while (cause instanceof TemporalFailure && cause.cause) cause = cause.cause;
  const type = cause instanceof ApplicationFailure && cause.type ? `${cause.type}: ` : '';
  return `${type}${cause?.message ?? err.message}`;
}

/** Raised when the shipment ended (e.g. goods seized) and nothing more should run. */
class ShipmentEnded extends Error {}
export { ShipmentEnded };
