import { CancellationScope, CancelledFailure, patched } from '@temporalio/workflow';
import { chinaDate, DAY, scaled } from '../../domain/time.js';
import { corridorInfo } from '../../domain/corridors.js';
import { DocType, ReceiptStatus, receiptRank } from '../../domain/customs.js';
import { effectKey } from '../../domain/idempotency.js';
import type { StageId } from '../../domain/modes.js';
import { round5, shipmentGoodsValue } from '../../domain/shipment.js';
import { ShipmentStatus, Stage } from '../../domain/status.js';
import type { TransportBooking } from '../../activities/logistics.activities.js';
import type { RefundApplied } from '../../activities/tax.activities.js';
import { applyRefund } from './refund.js';
import { awaitCorrection, docProgress, fileUntil } from './customs.js';
import { collectAndSettle } from './fx.js';
import { SLA, type Acts } from './options.js';
import type { ShipmentRun } from './run.js';
import { inputArg, orderArg } from './order.js';

/**
 * What one shipment's stages hand to each other and to compensation: the transport booking and,
 * for 9810, when the refund is settled. Not part of the shipment's state (ShipmentRun.state).
 */
export interface Flow {
  booked?: TransportBooking;
  /** Settles once the booking call has an answer (it is not cancelled with the shipment). */
  bookingSettled?: Promise<unknown>;
  /** 9810: the refund waits for the sales (export before the pre-refund rule). */
  refundAfterSale?: boolean;
  /** 9810: the HWC-YT pre-refund must be settled against sales by this date. */
  preRefundSettleBy?: string;
  /** 9710/9810 declared by customs declaration (报关单, H2018) rather than by the CBEC list. */
  byEntry?: boolean;
}

/**
 * A stage a shipment can pass, registered by id (all-stages.ts). A customs mode is a list of these
 * ids (domain/modes.ts): modes differ by data, not by copies of workflow code.
 */
export type StageFn = (run: ShipmentRun, acts: Acts, flow: Flow) => Promise<void>;

/** A booking result recorded before `trainNo` became `conveyanceRef` (shipments that booked then). */
interface BookingBeforeRename {
  bookingNo: string;
  trainNo: string;
  hub: string;
  plannedDeparture: string;
}

/**
 * The booking as the stages use it. The activity's result is read from the history, so a
 * shipment that booked before the rename holds `trainNo` (the same value: every carrier's
 * conveyance) where later ones hold `conveyanceRef`.
 */
function bookingAsUsed(b: TransportBooking | BookingBeforeRename): TransportBooking {
  if ('conveyanceRef' in b) return b;
  return { bookingNo: b.bookingNo, conveyanceRef: b.trainNo, hub: b.hub, plannedDeparture: b.plannedDeparture };
}

function bookedOf(flow: Flow): TransportBooking {
  if (!flow.booked) throw new Error('stage needs a transport booking: put dataPush before it in the mode');
  return flow.booked;
}

/** Raised when the shipment ended (e.g. goods seized) and nothing more should run. */
export class ShipmentEnded extends Error {}

/**
 * Order validated by the API and accepted. A shipment a risk rule holds (input.risk.hold) waits
 * here for ops' review before anything is declared; a rejection cancels it (compensations run).
 * Only shipments created with risk data can hold, so no running execution changes behaviour.
 */
async function accept(run: ShipmentRun): Promise<void> {
  await run.setStatus(ShipmentStatus.RECEIVED, Stage.ORDER, 'ACCEPTED', `order ${run.input.request.orderNo} validated and accepted`);
  const risk = run.input.risk;
  if (!risk?.hold) return;
  const held = risk.hits.filter((h) => h.severity === 'HOLD');
  run.state.riskHold = { rules: held.map((h) => h.ruleId) };
  await run.setStatus(ShipmentStatus.RISK_HOLD, Stage.ORDER, 'RISK_HOLD', `held for risk review: ${held.map((h) => `${h.ruleId} — ${h.explanation}`).join('; ')}`);
  await run.wait({ until: () => run.state.riskHold?.review !== undefined });
  const review = run.state.riskHold.review!;
  if (review.decision === 'REJECT') {
    run.state.cancelRequested = { reason: `risk review rejected by ${review.operator}: ${review.note}`, requestedBy: review.operator };
    // failure messages are not encrypted: the note stays in the (encrypted) state and timeline only
    throw new CancelledFailure('RISK_REJECTED: cancelled by risk review');
  }
  await run.setStatus(ShipmentStatus.RECEIVED, Stage.ORDER, 'RISK_RELEASED', `released by ${review.operator}: ${review.note}`);
}

/** Data push (三单 for export: order + waybill; the receipt of payment only where the rule date requires it), transport booked beside it. */
async function dataPush(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const { shipmentId } = run.input;
  const request = run.exportRequest;
  await run.setStatus(ShipmentStatus.DATA_PUSH, Stage.DATA_PUSH, 'DATA_PUSH', 'order CEB303 and waybill CEB505 sent');
  // Booking runs beside the data push; its number is kept at once so a cancellation can release it.
  // The booking call is not cancelled with the shipment: a booking the carrier made must come
  // back to us so that the cancellation can release it.
  const booking = CancellationScope.nonCancellable(() =>
    acts(`Book transport: ${corridorInfo(request.corridor).label}`).bookTransport({ shipmentId, ...orderArg(run), idempotencyKey: effectKey(shipmentId, 'transport-booking') }),
  ).then(
    (b) => {
      run.state.bookingNo = b.bookingNo;
      run.acceptMilestones();
      return { ok: b } as const;
    },
    (err: unknown) => ({ err }) as const,
  );
  flow.bookingSettled = booking;
  const docs = [DocType.ORDER, DocType.WAYBILL, ...(run.input.settings.requirePaymentReceipt ? [DocType.PAYMENT_RECEIPT] : [])];
  await Promise.all(docs.map((d) => fileUntil(run, acts, d, ReceiptStatus.ACCEPTED, `${d} receipt`)));
  const bookingResult = await booking;
  if ('err' in bookingResult) throw bookingResult.err;
  flow.booked = bookingAsUsed(bookingResult.ok);
  await run.record('BOOKED', `${flow.booked.conveyanceRef} from ${flow.booked.hub}, booking ${flow.booked.bookingNo}`);
}

/**
 * Declaration. Refund-claiming 9710/9810 (refundClaim, issue 16 item 2): an export customs
 * declaration (报关单, H2018 route) whose attached document 10000004 is the order / booking-note
 * number; customs matches it with the CEB303 (对碰) and assigns the 18-digit 报关单号 (entryId)
 * the refund files under (docs/reference/ceb-messages.md "Four declaration routes"; domain-rules.md
 * §1.4, §3.1, §4.3, §8 open point 5; decision in domain/export/statistics-flag.ts). ⚠ The message
 * is our own format, not the official one (adapters/single-window/entry/format.ts). Shipments
 * created before `refundClaim` existed have none in their input and keep the list route.
 * Everything else: the declaration inventory (申报清单): e-port accepts (preNo), customs logic
 * check passes (invtNo).
 */
async function declaration(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const request = run.exportRequest;
  if (request.mode !== '9610' && request.refundClaim === true && patched('h2018-declaration')) {
    flow.byEntry = true;
    const what = request.mode === '9810' ? 'booking note' : 'order';
    await run.setStatus(ShipmentStatus.DECLARING, Stage.DECLARATION, 'DECLARED', `customs declaration (报关单, H2018) sent, attached document 10000004 = ${what} ${request.orderNo}`);
    await fileUntil(run, acts, DocType.ENTRY_DECLARATION, ReceiptStatus.LOGIC_CHECK_PASSED, 'customs declaration number');
    run.state.entryId = lastWith(run, 'entryId', DocType.ENTRY_DECLARATION) ?? run.state.entryId;
    await run.record('ENTRY_ASSIGNED', `customs declaration (报关单) ${run.state.entryId ?? ''} matched with the ${what} ${request.orderNo} (对碰)`);
    return;
  }
  await run.setStatus(ShipmentStatus.DECLARING, Stage.DECLARATION, 'DECLARED', 'inventory CEB603 sent');
  await fileUntil(run, acts, DocType.INVENTORY, ReceiptStatus.LOGIC_CHECK_PASSED, 'inventory logic check');
  run.state.invtNo = lastWith(run, 'invtNo') ?? run.state.invtNo;
  run.state.preNo = lastWith(run, 'preNo') ?? run.state.preNo;
  await run.record('LOGIC_CHECK_PASSED', `inventory ${run.state.invtNo ?? ''} passed the customs logic check`);
}

/** First leg to the supervised site, then the arrival report (运抵单). */
async function firstLeg(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const booked = bookedOf(flow);
  await run.setStatus(ShipmentStatus.AWAITING_GOODS, Stage.FIRST_LEG, 'FIRST_LEG', `goods on the way to ${booked.hub}`);
  await run.waitWithSla(() => run.transportEvents.has('ARRIVED_AT_SITE'), SLA.firstLeg, 'goods at the supervised site');
  await fileUntil(run, acts, DocType.ARRIVAL, ReceiptStatus.ACCEPTED, 'arrival report receipt', { bookingNo: booked.bookingNo, conveyanceRef: booked.conveyanceRef });
}

/** Customs check and release (inspection and rejection handled). */
async function customsRelease(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  await run.setStatus(ShipmentStatus.CUSTOMS_REVIEW, Stage.CUSTOMS, 'CUSTOMS_REVIEW', 'waiting for customs release');
  await awaitRelease(run, acts, flow.byEntry ? DocType.ENTRY_DECLARATION : DocType.INVENTORY);
}

/** Departure: load for departure, departure report (离境单), list closed (结关). */
async function departure(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const { shipmentId } = run.input;
  const request = run.exportRequest;
  const booked = bookedOf(flow);
  run.departed = true;
  await run.setStatus(ShipmentStatus.DEPARTING, Stage.DEPARTURE, 'RELEASED', 'released; loading for departure');
  await acts('Confirm loading for departure').confirmLoading({ shipmentId, corridor: request.corridor, bookingNo: booked.bookingNo, invtNo: run.state.invtNo ?? run.state.entryId ?? '', idempotencyKey: effectKey(shipmentId, 'transport-loading') });
  await run.waitWithSla(() => run.transportEvents.has('DEPARTED'), SLA.departure, 'departure');
  // ⚠ CEB507/509 are CBEC-list messages; in the 报关单 route the manifest goes by the general cargo
  // flow. The references do not settle it, so the H2018 route still files them (issue 16 report).
  await fileUntil(run, acts, DocType.DEPARTURE, ReceiptStatus.ACCEPTED, 'departure report receipt', { bookingNo: booked.bookingNo, conveyanceRef: booked.conveyanceRef });
  if (flow.byEntry) return; // 结关 (899) closes a list; a customs declaration has no list to close
  await run.waitWithSla(() => docProgress(run, DocType.INVENTORY).rank >= receiptRank(ReceiptStatus.CLOSED), SLA.listClosed, 'inventory closed (结关)');
}

/** International transit milestones. */
async function transit(run: ShipmentRun, _acts: Acts, flow: Flow): Promise<void> {
  const request = run.exportRequest;
  const booked = bookedOf(flow);
  await run.setStatus(ShipmentStatus.IN_TRANSIT, Stage.TRANSIT, 'DEPARTED', `left ${run.transportEvents.get('DEPARTED')?.location ?? booked.hub}`);
  const transitSla = corridorInfo(request.corridor).sla;
  await run.waitWithSla(() => run.transportEvents.has('BORDER_CROSSED'), transitSla.border, 'border crossing');
  await run.record('BORDER_CROSSED', `crossed the border at ${run.transportEvents.get('BORDER_CROSSED')?.location ?? ''}`);
  await run.waitWithSla(() => run.transportEvents.has('ARRIVED'), transitSla.arrival, 'arrival abroad');
  await run.record('ARRIVED', `arrived at ${run.transportEvents.get('ARRIVED')?.location ?? ''}`);
}

/** Tax: pilot-zone no-invoice exemption record (无票免征, 9610 retail export). */
async function taxExemption(run: ShipmentRun, acts: Acts): Promise<void> {
  const shipmentId = run.input.shipmentId;
  await run.setStatus(ShipmentStatus.TAX_FILING, Stage.TAX, 'TAX_FILING', 'recording the no-invoice VAT exemption');
  const exportDate = exportDateOf(run);
  const tax = await acts('Record no-invoice VAT exemption (无票免征)').recordTaxExemption({ shipmentId, ...inputArg(run), invtNo: run.state.invtNo ?? '', exportDate, idempotencyKey: effectKey(shipmentId, 'tax-exemption') });
  run.state.taxRecordNo = tax.recordNo;
  await run.record('TAX_RECORDED', `exemption record ${tax.recordNo}`);
}

/** Waits for customs to release an inventory (export CEB603 or import CEB621), through rejections and inspections. */
export async function awaitRelease(run: ShipmentRun, acts: Acts, docType: DocType = DocType.INVENTORY): Promise<void> {
  for (;;) {
    const settled = () => {
      const p = docProgress(run, docType);
      const inspected = p.statuses.includes(ReceiptStatus.INSPECTION) && !run.state.inspection?.resolution;
      return p.rejection !== undefined || inspected || p.rank >= receiptRank(ReceiptStatus.RELEASED);
    };
    await run.waitWithSla(settled, SLA.customsRelease, 'customs release');
    const p = docProgress(run, docType);
    if (p.rejection) {
      await awaitCorrection(run, docType, p);
      await fileUntil(run, acts, docType, ReceiptStatus.LOGIC_CHECK_PASSED, 'corrected inventory logic check');
      if (docType === DocType.ENTRY_DECLARATION) run.state.entryId = lastWith(run, 'entryId', docType) ?? run.state.entryId;
      else run.state.invtNo = lastWith(run, 'invtNo', docType) ?? run.state.invtNo;
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

/** FX: the export proceeds arrive at the bank and are settled into CNY. */
async function fxSettlement(run: ShipmentRun, acts: Acts): Promise<void> {
  const request = run.exportRequest;
  // Proceeds = order value plus freight the buyer paid (CEB303 goodsValue + freight).
  const amount = round5(shipmentGoodsValue(request) + request.freight).toFixed(2);
  await run.setStatus(ShipmentStatus.FX_SETTLEMENT, Stage.FX, 'FX_EXPECTED', `expecting ${amount} ${request.currency}`);
  await collectAndSettle(run, acts, { amount });
}

/** Export VAT refund application (出口退税) for B2B exports, once the FX is collected. */
async function vatRefund(run: ShipmentRun, acts: Acts): Promise<void> {
  if (noRefundClaimed(run)) return run.record('NO_REFUND', 'no export VAT refund claimed (refundClaim false): declared by the CBEC list, summarised monthly');
  await run.setStatus(ShipmentStatus.TAX_FILING, Stage.TAX, 'TAX_FILING', 'applying for the export VAT refund');
  const refund = await applyRefund(run, acts, {
    summary: 'Apply for the export VAT refund (出口退税)',
    effect: 'vat-refund',
    declarationNo: declarationNoOf(run),
    exportDate: exportDateOf(run),
    fxReceived: run.funds !== undefined,
  });
  run.state.taxRecordNo = refund.applicationNo;
  await run.record('REFUND_APPLIED', `refund application ${refund.applicationNo}: ${refund.status}, CNY ${refund.refundCny}${filedUnder(refund)}`);
  await followRefund(run, acts, refund.applicationNo);
}

/** The number a refund was filed under, for the timeline (results from before it name none). */
export function filedUnder(refund: RefundApplied): string {
  if (!refund.declarationNo) return '';
  return refund.declarationKind === 'ENTRY' ? `, under customs declaration ${refund.declarationNo}` : `, under inventory ${refund.declarationNo} (no customs declaration number yet)`;
}

/**
 * Polls the refund application until the bureau pays or denies it (the e-tax bureau has no
 * callback): one status call, then a workflow timer of a business day between polls. Added after
 * shipments were already running: `patched` keeps their histories replaying unchanged.
 */
export async function followRefund(run: ShipmentRun, acts: Acts, applicationNo: string): Promise<void> {
  if (!patched('refund-status-polling')) return;
  for (let poll = 0; ; poll++) {
    const s = await acts(`Poll refund ${applicationNo}`).checkRefundStatus({ applicationNo });
    if (s.status === 'PAID') return run.record('REFUND_PAID', `refund ${applicationNo} paid: CNY ${s.refundCny}${s.paidAt ? ` on ${chinaDate(Date.parse(s.paidAt))}` : ''}`);
    if (s.status === 'DENIED') return run.record('REFUND_DENIED', `refund ${applicationNo} denied: ${s.reason ?? 'no reason given'}`);
    if (s.status === 'CLOSED') return;
    await run.wait({ timeoutMs: scaled(DAY, run.timeScale) });
  }
}

/**
 * The export date of a shipment: the China calendar date (UTC+8) of its departure, or of now
 * before it departed. Customs and the tax bureau date an export by the declaration's China date
 * (docs/reference/domain-rules.md §3.2: the refund rate follows the export date on the declaration),
 * so a train leaving at 06:30 China time (22:30 UTC the day before) is dated that China day.
 */
export function exportDateOf(run: ShipmentRun): string {
  const departed = run.transportEvents.get('DEPARTED')?.at;
  return chinaDate(departed ? Date.parse(departed) : Date.now());
}

/** The number a refund files under: the 报关单号 of the H2018 route, else the list's (the summary's entryId replaces it in the activity). */
export const declarationNoOf = (run: ShipmentRun): string => run.state.entryId ?? run.state.invtNo ?? '';

/** A 9710/9810 whose request says refundClaim false: list route, no refund step. */
export const noRefundClaimed = (run: ShipmentRun): boolean => {
  const r = run.input.request;
  return (r.mode === '9710' || r.mode === '9810') && r.refundClaim === false;
};

export function lastWith(run: ShipmentRun, field: 'invtNo' | 'preNo' | 'entryId', docType: DocType = DocType.INVENTORY): string | undefined {
  let value: string | undefined;
  for (const r of run.receipts.values()) if (r.docType === docType && r[field]) value = r[field];
  return value;
}

/** The export stages (9610, 9710 and the export part of 9810), by id. */
export const EXPORT_STAGES = {
  accept,
  dataPush,
  declaration,
  firstLeg,
  customsRelease,
  departure,
  transit,
  taxExemption,
  fxSettlement,
  vatRefund,
} satisfies Partial<Record<StageId, StageFn>>;
