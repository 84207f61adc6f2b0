import { patched } from '@temporalio/workflow';
import { corridorInfo } from '../../domain/corridors.js';
import { effectKey } from '../../domain/idempotency.js';
import { round5 } from '../../domain/shipment.js';
import { ShipmentStatus, Stage } from '../../domain/status.js';
import { DAY, scaled } from '../../domain/time.js';
import type { WarehouseEvent } from '../contract.js';
import { collectAndSettle } from './fx.js';
import { SLA, type Acts } from './options.js';
import type { ShipmentRun } from './run.js';
import { declarationNoOf, exportDateOf, filedUnder, followRefund, noRefundClaimed, type Flow } from './stages.js';
import { applyRefund } from './refund.js';

/**
 * 9810 export to an overseas warehouse (docs/reference/domain-rules.md §1.5, §5.4): the stock is booked into a named
 * warehouse before it leaves (订仓单), received there after transit, and sold abroad in batches
 * that the warehouse reports; each batch's proceeds are collected and settled. The refund is
 * claimed at departure (HWC-YT pre-refund) from the configured date, else after the sales.
 */
export { OVERSEAS_SYSTEM } from '../../domain/counterparts.js';
import { OVERSEAS_SYSTEM } from '../../domain/counterparts.js';

/** Booking note (订仓单) with the overseas warehouse; its number is the CEB303 W order's basis. */
export async function warehouseBooking(run: ShipmentRun, acts: Acts): Promise<void> {
  const request = run.exportRequest;
  if (request.mode !== '9810') throw new Error('warehouseBooking is a 9810 stage');
  const { shipmentId } = run.input;
  const booking = await acts(`Book inbound at overseas warehouse ${request.warehouse.code}`).announceWarehouseInbound({
    system: OVERSEAS_SYSTEM,
    reference: shipmentId,
    warehouseCode: request.warehouse.code,
    lines: request.items.map((i) => ({ sku: i.sku, name: i.name, qty: i.qty, unitPrice: String(i.unitPrice), currency: request.currency })),
    // the goods are due once the corridor's transit allowance has passed
    expectedAt: new Date(Date.now() + scaled(corridorInfo(request.corridor).sla.border + corridorInfo(request.corridor).sla.arrival, run.timeScale)).toISOString(),
    idempotencyKey: effectKey(shipmentId, 'warehouse-inbound'),
  });
  run.state.warehouseRef = booking.inboundNo;
  await run.record('WAREHOUSE_BOOKED', `inbound ${booking.inboundNo} booked at ${request.warehouse.name} (${request.warehouse.code})`);
}

/** Refund on departure (离境即退税, HWC-YT) where the export date allows; else after the sales. */
export async function preRefund(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const { settings } = run.input;
  if (noRefundClaimed(run)) return run.record('NO_REFUND', 'no export VAT refund claimed (refundClaim false): declared by the CBEC list, summarised monthly');
  const exportDate = preRefundExportDate(run);
  if (!settings.overseasPreRefundFrom || exportDate < settings.overseasPreRefundFrom) {
    flow.refundAfterSale = true;
    await run.record('REFUND_AFTER_SALE', `exported ${exportDate}: the refund is claimed once the goods are sold`);
    return;
  }
  const refund = await applyRefund(run, acts, {
    summary: 'Apply for the 9810 pre-refund (海外仓预退税 HWC-YT)',
    effect: 'vat-pre-refund',
    declarationNo: declarationNoOf(run),
    exportDate,
    fxReceived: false,
    businessType: 'HWC-YT',
  });
  run.state.taxRecordNo = refund.applicationNo;
  flow.preRefundSettleBy = refund.settleBy ?? `${Number(exportDate.slice(0, 4)) + 1}-04-30`;
  await run.record('PRE_REFUND_APPLIED', `pre-refund ${refund.applicationNo}: CNY ${refund.refundCny}, to be settled against sales by ${flow.preRefundSettleBy}${filedUnder(refund)}`);
}

/**
 * The export date that decides HWC-YT eligibility: the China date of departure (§1.5 step 4,
 * §3.2). Runs that departed before patch 'china-export-date' used the UTC date; where the two
 * differ (departure between 00:00 and 08:00 China time) their histories keep the UTC date.
 */
function preRefundExportDate(run: ShipmentRun): string {
  const china = exportDateOf(run);
  const utc = (run.transportEvents.get('DEPARTED')?.at ?? new Date(Date.now()).toISOString()).slice(0, 10);
  return china === utc || patched('china-export-date') ? china : utc;
}

/** The warehouse counts the goods in: stock in the platform's ledger. */
export async function warehouseInbound(run: ShipmentRun, acts: Acts): Promise<void> {
  const request = run.exportRequest;
  if (request.mode !== '9810') throw new Error('warehouseInbound is a 9810 stage');
  await run.setStatus(ShipmentStatus.AT_WAREHOUSE, Stage.WAREHOUSE, 'WAREHOUSE_INBOUND', `delivering to ${request.warehouse.code}`);
  await run.waitWithSla(() => run.nextWarehouseEvent(['INBOUND_RECEIVED']) !== undefined, SLA.warehouseInbound, 'warehouse receipt');
  const received = run.nextWarehouseEvent(['INBOUND_RECEIVED'])!;
  const lines = received.lines ?? [];
  const moves = lines.flatMap((l) => [
    ...(Number(l.qty) > 0 ? [stockMove(run, request.warehouse.code, l.sku, 'RECEIVED', l.qty, `${received.eventId}:${l.sku}`)] : []),
    ...(Number(l.qtyDamaged ?? 0) > 0 ? [stockMove(run, request.warehouse.code, l.sku, 'DAMAGED', l.qtyDamaged!, `${received.eventId}:${l.sku}:damaged`)] : []),
  ]);
  await acts('Record received stock').recordStock({ moves });
  const damaged = lines.filter((l) => Number(l.qtyDamaged ?? 0) > 0).map((l) => `${l.sku} ×${l.qtyDamaged}`);
  await run.record('WAREHOUSE_RECEIVED', `received ${lines.map((l) => `${l.sku} ×${l.qty}`).join(', ')}${damaged.length ? `; damaged ${damaged.join(', ')}` : ''}`);
}

/**
 * Sales abroad, batch by batch, until the stock is sold out or the sales window closes: each
 * batch leaves the stock ledger and its proceeds are collected and settled (FX as goods sell).
 */
export async function overseasSales(run: ShipmentRun, acts: Acts, flow: Flow): Promise<void> {
  const request = run.exportRequest;
  if (request.mode !== '9810') throw new Error('overseasSales is a 9810 stage');
  const { settings } = run.input;
  await run.setStatus(ShipmentStatus.AT_WAREHOUSE, Stage.WAREHOUSE, 'SELLING', `stock at ${request.warehouse.code} on sale`);
  const windowEnds = Date.now() + scaled((settings.overseasSalesWindowDays ?? 180) * DAY, run.timeScale);
  const done = new Set<string>();
  const received = new Map((run.nextWarehouseEvent(['INBOUND_RECEIVED'])?.lines ?? []).map((l) => [l.sku, Number(l.qty)]));
  const sold = new Map<string, number>();
  const soldOut = () => run.nextWarehouseEvent(['STOCK_SOLD_OUT']) !== undefined || [...received].every(([sku, q]) => (sold.get(sku) ?? 0) >= q);
  for (;;) {
    const next = () => run.nextWarehouseEvent(['SALES_REPORTED'], done);
    const remaining = windowEnds - Date.now();
    if (!next() && (soldOut() || remaining <= 0)) break;
    if (!next() && !(await run.wait({ until: () => next() !== undefined || soldOut(), timeoutMs: remaining }))) break;
    const batch = next();
    if (!batch) continue;
    done.add(batch.eventId);
    await salesBatch(run, acts, batch, sold);
  }
  run.state.soldQty = String([...sold.values()].reduce((a, b) => a + b, 0));
  const unsold = [...received].map(([sku, q]) => [sku, q - (sold.get(sku) ?? 0)] as const).filter(([, q]) => q > 0);
  if (unsold.length > 0) {
    await run.record('UNSOLD_STOCK', `sales window closed with unsold stock: ${unsold.map(([sku, q]) => `${sku} ×${q}`).join(', ')}`);
  }
  if (flow.preRefundSettleBy) {
    await run.record('PRE_REFUND_TO_SETTLE', `pre-refund ${run.state.taxRecordNo ?? ''}: ${run.state.soldQty} unit(s) sold, ${unsold.reduce((a, [, q]) => a + q, 0)} unsold; settle (核算) by ${flow.preRefundSettleBy}`);
    return;
  }
  if (flow.refundAfterSale) {
    await run.setStatus(ShipmentStatus.TAX_FILING, Stage.TAX, 'TAX_FILING', 'applying for the export VAT refund of the sold goods');
    const refund = await applyRefund(run, acts, {
      summary: 'Apply for the export VAT refund (出口退税)',
      effect: 'vat-refund',
      declarationNo: declarationNoOf(run),
      exportDate: exportDateOf(run),
      fxReceived: (run.state.salesBatches ?? 0) > 0,
    });
    run.state.taxRecordNo = refund.applicationNo;
    await run.record('REFUND_APPLIED', `refund application ${refund.applicationNo}: ${refund.status}, CNY ${refund.refundCny}${filedUnder(refund)}`);
    await followRefund(run, acts, refund.applicationNo);
  }
}

async function salesBatch(run: ShipmentRun, acts: Acts, batch: WarehouseEvent, sold: Map<string, number>): Promise<void> {
  const request = run.exportRequest;
  if (request.mode !== '9810') throw new Error('salesBatch is a 9810 step');
  const lines = batch.lines ?? [];
  await acts(`Record sales batch ${batch.batchNo ?? batch.eventId}`).recordStock({
    moves: lines.map((l) => stockMove(run, request.warehouse.code, l.sku, 'SOLD', l.qty, `${batch.eventId}:${l.sku}`)),
  });
  for (const l of lines) sold.set(l.sku, (sold.get(l.sku) ?? 0) + Number(l.qty));
  const amount = round5(lines.reduce((sum, l) => sum + Number(l.amount ?? 0), 0)).toFixed(2);
  run.state.salesBatches = (run.state.salesBatches ?? 0) + 1;
  await run.record('SALES_REPORTED', `batch ${batch.batchNo ?? ''}: ${lines.map((l) => `${l.sku} ×${l.qty}`).join(', ')} sold for ${amount} ${lines[0]?.currency ?? request.currency}`);
  await run.setStatus(ShipmentStatus.FX_SETTLEMENT, Stage.FX, 'FX_EXPECTED', `expecting ${amount} ${request.currency} for batch ${batch.batchNo ?? ''}`);
  await collectAndSettle(run, acts, { amount, batch: batch.batchNo ?? batch.eventId });
  await run.setStatus(ShipmentStatus.AT_WAREHOUSE, Stage.WAREHOUSE, 'SELLING', `${run.state.salesBatches} batch(es) settled`);
}

function stockMove(run: ShipmentRun, warehouseCode: string, sku: string, kind: 'RECEIVED' | 'DAMAGED' | 'SOLD', qty: string, eventKey: string) {
  return { eventKey: `${OVERSEAS_SYSTEM}:${eventKey}`, system: OVERSEAS_SYSTEM, warehouseCode, enterpriseId: run.input.enterprise.id, sku, kind, qty, reference: run.input.shipmentId };
}
