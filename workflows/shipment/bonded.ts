import { patched } from '@temporalio/workflow';
import { DocType, ReceiptStatus, receiptRank } from '../../domain/customs.js';
import { effectKey } from '../../domain/idempotency.js';
import { goodsBackInTime, RETURN_GOODS_BACK_DAYS } from '../../domain/import/returns.js';
import { maskName } from '../../domain/products/mask.js';
import { ShipmentStatus, Stage } from '../../domain/status.js';
import { DAY, scaled } from '../../domain/time.js';
import { docProgress, fileUntil, submitDocument, waitBounded } from './customs.js';
import { SLA, type Acts } from './options.js';
import { nowIso } from './clock.js';
import type { ShipmentRun } from './run.js';
import { awaitRelease, lastWith, ShipmentEnded } from './stages.js';

/**
 * 1210 bonded retail import (docs/reference/domain-rules.md §1.6): the consumer's order is served from bonded
 * stock. The API already checked the limits and claimed the buyer's quota and the stock. Here:
 * the three orders (CEB311 order, CEB411 payment, CEB511 waybill) → the import inventory (CEB621,
 * 三单对碰 by customs) → release with the e-tax bill (CEB816) → exit from the bonded centre and
 * delivery (CEB513 signed) → the return period, during which a return (CEB625) gives the quota
 * back and puts the goods back into stock.
 */
export { BONDED_SYSTEM } from '../../domain/counterparts.js';
import { BONDED_SYSTEM } from '../../domain/counterparts.js';

export async function importDataPush(run: ShipmentRun, acts: Acts): Promise<void> {
  await run.setStatus(ShipmentStatus.DATA_PUSH, Stage.DATA_PUSH, 'DATA_PUSH', 'order CEB311, payment voucher CEB411 and waybill CEB511 sent');
  const docs = [DocType.IMPORT_ORDER, DocType.IMPORT_PAYMENT, DocType.IMPORT_WAYBILL];
  await Promise.all(docs.map((d) => fileUntil(run, acts, d, ReceiptStatus.ACCEPTED, `${d} receipt`)));
}

/** Import inventory (进口清单): customs matches it with the three orders and checks the limits. */
export async function importDeclaration(run: ShipmentRun, acts: Acts): Promise<void> {
  await run.setStatus(ShipmentStatus.DECLARING, Stage.DECLARATION, 'DECLARED', 'import inventory CEB621 sent');
  await fileUntil(run, acts, DocType.IMPORT_INVENTORY, ReceiptStatus.LOGIC_CHECK_PASSED, 'import inventory logic check');
  run.state.invtNo = lastWith(run, 'invtNo', DocType.IMPORT_INVENTORY) ?? run.state.invtNo;
  run.state.preNo = lastWith(run, 'preNo', DocType.IMPORT_INVENTORY) ?? run.state.preNo;
  await run.record('LOGIC_CHECK_PASSED', `import inventory ${run.state.invtNo ?? ''} matched its order, payment and waybill (三单对碰)`);
}

/** Release, the e-tax bill and the buyer's quota made final. */
export async function importRelease(run: ShipmentRun, acts: Acts): Promise<void> {
  const { shipmentId, settings } = run.input;
  await run.setStatus(ShipmentStatus.CUSTOMS_REVIEW, Stage.CUSTOMS, 'CUSTOMS_REVIEW', 'waiting for customs release');
  await awaitRelease(run, acts, DocType.IMPORT_INVENTORY);
  run.departed = true; // released: no cancellation any more, only a return
  run.state.releasedAt = nowIso();
  await acts('Confirm the buyer quota (年度限值)').confirmImportQuota({ shipmentId });
  await run.record('RELEASED', `import inventory ${run.state.invtNo ?? ''} released`);
  await run.waitWithSla(() => run.taxBill !== undefined, SLA.taxBill, 'e-tax bill (CEB816)');
  const bill = run.taxBill!;
  const taxFen = fen(bill.customsTax) + fen(bill.valueAddedTax) + fen(bill.consumptionTax);
  run.state.taxNo = bill.taxNo;
  run.state.taxCny = (taxFen / 100).toFixed(2);
  run.state.taxRecordNo = bill.taxNo;
  await run.record('TAX_BILL', `e-tax bill ${bill.taxNo}: duty ${bill.customsTax}, VAT ${bill.valueAddedTax}, consumption tax ${bill.consumptionTax} CNY`);
  const charged = settings.importFigures?.taxTotalFen;
  if (charged !== undefined && charged !== taxFen) {
    // the buyer paid the tax the platform computed (taxTotal); customs assessed another amount
    await run.record('TAX_MISMATCH', `tax collected from the buyer ${(charged / 100).toFixed(2)} CNY, assessed by customs ${run.state.taxCny} CNY`);
  }
}

/** Second-line exit (二线出区): the bonded warehouse picks, ships and the stock leaves the ledger. */
export async function bondedExit(run: ShipmentRun, acts: Acts): Promise<void> {
  const request = run.importRequest;
  const { shipmentId } = run.input;
  await run.setStatus(ShipmentStatus.DELIVERING, Stage.DELIVERY, 'EXIT_ORDERED', `exit from ${request.warehouse.code} ordered`);
  const outbound = await acts(`Ship from bonded warehouse ${request.warehouse.code}`).fulfilWarehouseOrder({
    system: BONDED_SYSTEM,
    reference: shipmentId,
    warehouseCode: request.warehouse.code,
    orderNo: request.orderNo,
    ...(run.state.invtNo ? { invtNo: run.state.invtNo } : {}),
    lines: request.items.map((i) => ({ sku: i.sku, qty: i.qty })),
    consignee: { name: request.consignee.name, telephone: request.consignee.telephone, address: request.consignee.address },
    logisticsNo: request.logistics.waybillNo,
    idempotencyKey: effectKey(shipmentId, 'bonded-exit'),
  });
  run.state.warehouseRef = outbound.outboundNo;
  await run.waitWithSla(() => run.nextWarehouseEvent(['ORDER_SHIPPED', 'ORDER_RETURNED']) !== undefined, SLA.bondedExit, 'exit from the bonded centre');
  await acts('Record shipped stock').recordStock({ moves: request.items.map((i) => bondedMove(run, i.sku, 'SHIPPED', i.qty, 'shipped')) });
  await run.record('SHIPPED', `left the bonded centre (二线出区) as ${outbound.outboundNo}, waybill ${request.logistics.waybillNo}`);
}

/** Delivery to the consumer; the carrier's sign-off is reported to customs (CEB513). */
export async function delivery(run: ShipmentRun, acts: Acts): Promise<void> {
  await run.waitWithSla(() => run.nextWarehouseEvent(['ORDER_DELIVERED', 'ORDER_RETURNED']) !== undefined, SLA.delivery, 'delivery');
  const returned = run.nextWarehouseEvent(['ORDER_RETURNED']);
  if (returned && !run.nextWarehouseEvent(['ORDER_DELIVERED'])) {
    await returnOrder(run, acts, 'undeliverable: the parcel came back to the bonded centre', true);
    throw new ShipmentEnded();
  }
  const delivered = run.nextWarehouseEvent(['ORDER_DELIVERED'])!;
  await fileUntil(run, acts, DocType.WAYBILL_STATUS, ReceiptStatus.ACCEPTED, 'waybill status receipt');
  // the timeline is stored in clear and shown to the enterprise: the signer's name masked (finding 10)
  const signer = delivered.signedBy ? (patched('masked-signer-in-timeline') ? maskName(delivered.signedBy) : delivered.signedBy) : 'the consignee';
  await run.setStatus(ShipmentStatus.DELIVERED, Stage.DELIVERY, 'DELIVERED', `delivered, signed by ${signer}`);
}

/** The return period after release (退货, GACC Ann. 2020 No. 45); a return ends the order as RETURNED. */
export async function returnWindow(run: ShipmentRun, acts: Acts): Promise<void> {
  const days = run.input.settings.importReturnDays ?? 30;
  const releasedAt = Date.parse(run.state.releasedAt ?? nowIso());
  const closes = releasedAt + scaled(days * DAY, run.timeScale);
  run.returnWindowOpen = true;
  const asked = await run.wait({ until: () => run.state.returnRequested !== undefined, timeoutMs: Math.max(closes - Date.now(), 1) });
  run.returnWindowOpen = false;
  if (!asked) {
    await run.record('RETURN_PERIOD_ENDED', `no return within ${days} days of release`);
    return;
  }
  await returnOrder(run, acts, run.state.returnRequested!.reason, false);
  throw new ShipmentEnded();
}

/** Return application (CEB625), goods back into bonded stock, the buyer's quota restored. */
async function returnOrder(run: ShipmentRun, acts: Acts, reason: string, backInStock: boolean): Promise<void> {
  const request = run.importRequest;
  const { shipmentId } = run.input;
  await run.setStatus(ShipmentStatus.RETURNING, Stage.RETURN, 'RETURN_REQUESTED', reason);
  await submitDocument(run, acts, DocType.IMPORT_RETURN, { invtNo: run.state.invtNo ?? '', reason });
  const settled = () => {
    const p = docProgress(run, DocType.IMPORT_RETURN);
    return p.rejection !== undefined || p.rank >= receiptRank(ReceiptStatus.LOGIC_CHECK_PASSED);
  };
  await run.waitWithSla(settled, SLA.receiptAccepted, 'return application receipt');
  const p = docProgress(run, DocType.IMPORT_RETURN);
  if (p.rejection) {
    // customs refused the return (e.g. too late): the order stays sold and the quota used
    await run.setStatus(ShipmentStatus.COMPLETED, Stage.DONE, 'RETURN_REFUSED', `customs refused the return: ${p.rejection.returnInfo}`);
    return;
  }
  if (!patched(RETURN_ON_GOODS_BACK)) {
    // shipments started before the patch: quota back on the CEB625 receipt (their histories replay this path)
    if (!backInStock && run.state.warehouseRef) await takeBack(run, acts, reason);
    await acts('Record returned stock').recordStock({ moves: request.items.map((i) => bondedMove(run, i.sku, 'RETURNED', i.qty, 'returned')) });
    const quota = await acts('Restore the buyer quota').releaseImportQuota({ shipmentId });
    await run.setStatus(ShipmentStatus.RETURNED, Stage.DONE, 'RETURNED', `returned; goods back in bonded stock${quota.released ? ', buyer quota restored' : ''}`);
    return;
  }
  // the goods' re-entry into the centre (the warehouse's receipt) decides, within 45 days of release
  // (domain/import/returns.ts, domain-rules.md §1.6 step 8)
  const receipt = backInStock ? { returnNo: 'the undeliverable parcel' } : run.state.warehouseRef ? await takeBack(run, acts, reason) : undefined;
  if (!receipt) {
    await run.setStatus(ShipmentStatus.RETURNED, Stage.DONE, 'RETURN_NOT_RECEIVED', 'return accepted by customs, but no warehouse receipt of the goods: the buyer quota stays used');
    return;
  }
  await acts('Record returned stock').recordStock({ moves: request.items.map((i) => bondedMove(run, i.sku, 'RETURNED', i.qty, 'returned')) });
  const days = run.input.settings.importReturnGoodsDays ?? RETURN_GOODS_BACK_DAYS;
  const backAt = Date.now(); // workflow time of the receipt
  await run.record('GOODS_BACK_IN_CENTRE', `goods back in ${request.warehouse.code} (${receipt.returnNo})`);
  if (!goodsBackInTime(Date.parse(run.state.releasedAt ?? nowIso()), backAt, run.timeScale, days)) {
    await run.setStatus(ShipmentStatus.RETURNED, Stage.DONE, 'RETURN_GOODS_LATE', `returned; goods back in bonded stock more than ${days} days after release: the tax stands and the buyer quota stays used`);
    return;
  }
  const quota = await acts('Restore the buyer quota').releaseImportQuota({ shipmentId });
  await run.setStatus(ShipmentStatus.RETURNED, Stage.DONE, 'RETURNED', `returned; goods back in bonded stock within ${days} days of release${quota.released ? ', buyer quota restored' : ''}`);
}

/** Patch: the buyer's quota comes back on the warehouse receipt of the returned goods, within the 45-day window. */
export const RETURN_ON_GOODS_BACK = 'return-quota-on-goods-back';

/** The returned parcel taken back into bonded stock: the warehouse's receipt. */
function takeBack(run: ShipmentRun, acts: Acts, reason: string) {
  return acts('Take the return back into bonded stock').returnWarehouseOrder({
    system: BONDED_SYSTEM,
    outboundNo: run.state.warehouseRef!,
    lines: run.importRequest.items.map((i) => ({ sku: i.sku, qty: i.qty })),
    reason,
    idempotencyKey: effectKey(run.input.shipmentId, 'bonded-return'),
  });
}

/**
 * Cancellation before release: withdraw the import inventory (CEB623) if customs has it, give the
 * buyer's quota back and release the stock held for the order.
 */
export async function compensateImport(run: ShipmentRun, acts: Acts, reason: string): Promise<void> {
  const request = run.importRequest;
  const inventory = docProgress(run, DocType.IMPORT_INVENTORY);
  if (run.epoch.has(DocType.IMPORT_INVENTORY) && !inventory.rejection) {
    await waitBounded(run, () => lastWith(run, 'invtNo', DocType.IMPORT_INVENTORY) !== undefined || docProgress(run, DocType.IMPORT_INVENTORY).rejection !== undefined, SLA.customsLogicCheck);
    const invtNo = lastWith(run, 'invtNo', DocType.IMPORT_INVENTORY);
    if (invtNo) {
      await submitDocument(run, acts, DocType.IMPORT_INVENTORY_CANCEL, { invtNo, reason });
      const done = await waitBounded(run, () => {
        const p = docProgress(run, DocType.IMPORT_INVENTORY_CANCEL);
        return p.rejection !== undefined || p.rank >= receiptRank(ReceiptStatus.CONCLUDED);
      }, SLA.customsRelease);
      const p = docProgress(run, DocType.IMPORT_INVENTORY_CANCEL);
      await run.record('INVENTORY_CANCELLED', done && !p.rejection ? `import inventory ${invtNo} withdrawn (CEB623)` : `customs did not confirm the withdrawal: ${p.rejection?.returnInfo ?? 'no receipt'}`);
    }
  }
  await releaseClaims(run, acts);
  await run.record('CLAIMS_RELEASED', `buyer quota restored and ${request.items.length} line(s) of bonded stock released`);
}

/** Gives back what the API claimed for the order: the buyer's quota and the reserved stock. */
export async function releaseClaims(run: ShipmentRun, acts: Acts): Promise<void> {
  const request = run.importRequest;
  await acts('Restore the buyer quota').releaseImportQuota({ shipmentId: run.input.shipmentId });
  // the order's own release key, once per order; the API's undo of a creation attempt that never
  // became the order withdraws under other keys (api/import-orders.ts claimStockKey)
  await acts('Release reserved bonded stock').recordStock({
    moves: request.items.map((i) => ({ ...bondedMove(run, i.sku, 'UNRESERVED', i.qty, 'unreserve'), eventKey: `${run.input.shipmentId}:unreserve:${i.sku}` })),
  });
}

function bondedMove(run: ShipmentRun, sku: string, kind: 'SHIPPED' | 'RETURNED' | 'UNRESERVED', qty: number, step: string) {
  const request = run.importRequest;
  return {
    eventKey: `${run.input.shipmentId}:${step}:${sku}`,
    system: BONDED_SYSTEM,
    warehouseCode: request.warehouse.code,
    enterpriseId: run.input.enterprise.id,
    sku,
    kind,
    qty: String(qty),
    reference: run.input.shipmentId,
  };
}

function fen(cny: string): number {
  return Math.round(Number(cny) * 100);
}
