import { condition, defineQuery, log, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { effectKey } from '../domain/idempotency.js';
import { SearchAttr, warehouseEventReceived, type WarehouseEvent } from './contract.js';
import { activitiesFor } from './shipment/options.js';

/**
 * A bulk entry of stock into a warehouse (1210: first-line entry 一线进境 into the B-type bonded
 * logistics centre, §1.6 step 2): the entry is announced to the warehouse, which counts the
 * goods in; the received units become bonded stock in the platform's ledger, available to
 * consumer orders. The customs side of the entry (the entry declaration into the centre) is the
 * enterprise's own `entryNo`; ⚠ whether CEB711 carries it for a B-type centre is unconfirmed
 * (docs/reference/domain-rules.md §1.6), so no CEB message is sent here.
 */
export interface StockEntryInput {
  entryId: string;
  enterpriseId: string;
  system: string;
  warehouseCode: string;
  entryNo: string;
  lines: { sku: string; name: string; qty: number }[];
  timeScale: number;
}

export interface StockEntryState {
  status: 'ANNOUNCED' | 'RECEIVED' | 'RECEIVED_WITH_DISCREPANCY';
  inboundNo?: string;
  received?: { sku: string; qty: string; qtyDamaged?: string }[];
  /** SKUs counted in other than announced: only what was announced is credited; ops settle the rest. */
  discrepancies?: StockDiscrepancy[];
}

export interface StockDiscrepancy {
  sku: string;
  announced: number;
  received: number;
}

export const getStockEntry = defineQuery<StockEntryState>('getStockEntry');

export async function stockEntryWorkflow(input: StockEntryInput): Promise<StockEntryState> {
  const acts = activitiesFor(input.timeScale);
  const state: StockEntryState = { status: 'ANNOUNCED' };
  let received: WarehouseEvent | undefined;
  setHandler(getStockEntry, () => state);
  setHandler(warehouseEventReceived, (e) => {
    if (e.type === 'INBOUND_RECEIVED') received ??= e;
  });
  const booking = await acts(`Announce entry ${input.entryNo} to ${input.warehouseCode}`).announceWarehouseInbound({
    system: input.system,
    reference: input.entryId,
    warehouseCode: input.warehouseCode,
    lines: input.lines,
    idempotencyKey: effectKey(input.entryId, 'inbound'),
  });
  state.inboundNo = booking.inboundNo;
  await acts('Record the entry').projectStockEntry({ entryId: input.entryId, status: 'ANNOUNCED', inboundNo: booking.inboundNo });
  // the goods arrive when they arrive (bulk sea/rail freight); ops see the open entry in the UI
  await condition(() => received !== undefined);
  // patch 'stock-received-vs-announced': units beyond what was announced are a discrepancy, not stock
  const counted = received!.lines ?? [];
  const discrepancies = patched('stock-received-vs-announced') ? compareWithAnnounced(input.lines, counted) : [];
  const lines = discrepancies.length ? creditAnnouncedOnly(input.lines, counted) : counted;
  const move = (sku: string, kind: 'RECEIVED' | 'DAMAGED', qty: string, key: string) => ({
    eventKey: `${input.system}:${received!.eventId}:${key}`, system: input.system, warehouseCode: input.warehouseCode, enterpriseId: input.enterpriseId, sku, kind, qty, reference: input.entryId,
  });
  await acts('Record received stock').recordStock({
    moves: lines.flatMap((l) => [
      ...(Number(l.qty) > 0 ? [move(l.sku, 'RECEIVED', l.qty, l.sku)] : []),
      ...(Number(l.qtyDamaged ?? 0) > 0 ? [move(l.sku, 'DAMAGED', l.qtyDamaged!, `${l.sku}:damaged`)] : []),
    ]),
  });
  if (discrepancies.length) {
    log.warn('Stock received differs from the announced entry', { entryId: input.entryId, discrepancies });
    state.status = 'RECEIVED_WITH_DISCREPANCY';
    state.discrepancies = discrepancies;
    state.received = counted;
    upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: state.status }]);
    await acts('Record the entry').projectStockEntry({ entryId: input.entryId, status: state.status, inboundNo: booking.inboundNo, discrepancies });
    return state;
  }
  state.status = 'RECEIVED';
  state.received = lines;
  upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: 'RECEIVED' }]);
  await acts('Record the entry').projectStockEntry({ entryId: input.entryId, status: 'RECEIVED', inboundNo: booking.inboundNo });
  return state;
}

/** Per SKU, where the units counted in (good and damaged) differ from the announced quantity. */
export function compareWithAnnounced(announced: StockEntryInput['lines'], counted: { sku: string; qty: string; qtyDamaged?: string }[]): StockDiscrepancy[] {
  const skus = [...new Set([...announced.map((l) => l.sku), ...counted.map((l) => l.sku)])];
  return skus.flatMap((sku) => {
    const a = announced.find((l) => l.sku === sku)?.qty ?? 0;
    const c = counted.find((l) => l.sku === sku);
    const r = c ? Number(c.qty) + Number(c.qtyDamaged ?? 0) : 0;
    return a === r ? [] : [{ sku, announced: a, received: r }];
  });
}

/** The counted lines with good units capped at what was announced (damaged ones first within it). */
function creditAnnouncedOnly(announced: StockEntryInput['lines'], counted: { sku: string; qty: string; qtyDamaged?: string }[]) {
  return counted.map((l) => {
    const cap = announced.find((a) => a.sku === l.sku)?.qty ?? 0;
    const damaged = Math.min(Number(l.qtyDamaged ?? 0), cap);
    return { sku: l.sku, qty: String(Math.min(Number(l.qty), cap - damaged)), qtyDamaged: String(damaged) };
  });
}
