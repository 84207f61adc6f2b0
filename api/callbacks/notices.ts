import type { FundsCallback } from '../../adapters/bank/inbound.js';
import type { MilestoneCallback } from '../../adapters/carrier/inbound.js';
import type { WarehouseEvent as WarehouseNotice } from '../../adapters/warehouse/port.js';
import { coalesced } from '../../db/coalesce.js';
import { Prisma, type Db } from '../../db/client.js';
import { counterpartsOf } from '../../domain/counterparts.js';
import { isAwaitedMilestone } from '../../domain/milestones.js';
import { fundsReceived, transportEventReceived, warehouseEventReceived, type WarehouseEvent } from '../../workflows/contract.js';
import { CallbackRefused, deliver, type DeliverDeps, type Processed } from './deliver.js';
import { queryRows } from '../../db/sql.js';

/**
 * Callbacks of carriers, FX providers and warehouses, each bound to the shipment (or stock entry)
 * its `reference` names before it is signalled: it counts only from the system that shipment uses
 * (domain/counterparts.ts) and with the number that system gave it (a booking number known to the
 * projection; the workflow checks collection and booking numbers again, as it knows them first).
 * A callback that does not count is refused (CallbackRefused) and changes nothing.
 */
export async function milestoneNotice(deps: DeliverDeps, system: string, e: MilestoneCallback): Promise<Processed> {
  if (!isAwaitedMilestone(e.event)) return { outcome: 'IGNORED' };
  const s = await shipmentFacts(deps.db, e.reference);
  if (!s) return { outcome: 'UNMATCHED' };
  requireSystem(system, counterpartsOf(s).carrier, 'carrier', e.reference);
  if (s.bookingNo && s.bookingNo !== e.bookingNo) {
    throw new CallbackRefused(409, 'CALLBACK_NUMBER_MISMATCH', 'body.bookingNo', `booking ${e.bookingNo} is not the booking of ${e.reference}`);
  }
  const event = { eventId: e.eventId, bookingNo: e.bookingNo, event: e.event, location: e.location ?? '', at: e.at ?? '' };
  return { outcome: await deliver(() => deps.temporal.workflow.getHandle(s.id).signal(transportEventReceived, event)), shipmentId: s.id };
}

export async function fundsNotice(deps: DeliverDeps, system: string, e: FundsCallback): Promise<Processed> {
  if (e.type !== 'FUNDS_RECEIVED') return { outcome: 'IGNORED' };
  const s = await shipmentFacts(deps.db, e.reference);
  if (!s) return { outcome: 'UNMATCHED' };
  requireSystem(system, counterpartsOf(s).fxProvider, 'FX provider', e.reference);
  const event = { eventId: e.eventId, collectionId: e.collectionId, amount: e.amount, currency: e.currency, valueDate: e.valueDate ?? '', bankRef: e.bankRef ?? '' };
  return { outcome: await deliver(() => deps.temporal.workflow.getHandle(s.id).signal(fundsReceived, event)), shipmentId: s.id };
}

/** A warehouse event for a shipment (9810, 1210) or a bonded stock entry (its id is its workflow id). */
export async function warehouseNotice(deps: DeliverDeps, system: string, e: WarehouseNotice): Promise<Processed> {
  const event = toWorkflowEvent(e);
  const send = (id: string) => deliver(() => deps.temporal.workflow.getHandle(id).signal(warehouseEventReceived, event));
  if (e.reference.startsWith('stock-entry:')) {
    const entry = await deps.db.stockEntry.findUnique({ where: { id: e.reference }, select: { id: true, system: true, inboundNo: true } });
    if (!entry) return { outcome: 'UNMATCHED' };
    requireSystem(system, entry.system, 'warehouse', e.reference);
    if (entry.inboundNo && 'inboundNo' in e && e.inboundNo !== entry.inboundNo) {
      throw new CallbackRefused(409, 'CALLBACK_NUMBER_MISMATCH', 'body.inboundNo', `inbound ${e.inboundNo} is not the inbound of ${e.reference}`);
    }
    return { outcome: await send(entry.id) };
  }
  const s = await shipmentFacts(deps.db, e.reference);
  if (!s) return { outcome: 'UNMATCHED' };
  requireSystem(system, counterpartsOf(s).warehouse, 'warehouse', e.reference);
  return { outcome: await send(s.id), shipmentId: s.id };
}

function requireSystem(system: string, expected: string | undefined, kind: string, reference: string): void {
  if (system !== expected) {
    throw new CallbackRefused(403, 'CALLBACK_WRONG_SYSTEM', 'reference', `${system} is not the ${kind} of ${reference}; its callbacks do not count for it`);
  }
}

interface ShipmentFacts {
  id: string;
  mode: string;
  corridor: string | null;
  bookingNo: string | null;
  fxProvider: string | undefined;
}

type FactsRow = { id: string; mode: string; corridor: string | null; bookingNo: string | null; fxProvider: string | null };
const factReaders = new WeakMap<Db, (id: string) => Promise<ShipmentFacts | undefined>>();

/** What binding needs to know about the shipment a callback names, from the projection (callbacks at once share one read). */
function shipmentFacts(db: Db, id: string): Promise<ShipmentFacts | undefined> {
  let read = factReaders.get(db);
  if (!read) {
    read = coalesced(async (ids: string[]) => {
      const rows = await queryRows<FactsRow>(db, Prisma.sql`
        SELECT "id", "mode", "corridor", "bookingNo", "request"->>'fxProvider' AS "fxProvider" FROM "Shipment" WHERE "id" = ANY(${ids}::text[])`);
      const byId = new Map(rows.map((r) => [r.id, { ...r, fxProvider: r.fxProvider ?? undefined }]));
      return ids.map((i) => byId.get(i));
    });
    factReaders.set(db, read);
  }
  return read(id);
}

function toWorkflowEvent(e: WarehouseNotice): WarehouseEvent {
  const base = { eventId: e.eventId, type: e.type, at: e.at };
  switch (e.type) {
    case 'INBOUND_RECEIVED':
      return { ...base, inboundNo: e.inboundNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qtyReceived), qtyDamaged: String(l.qtyDamaged) })) };
    case 'SALES_REPORTED':
      return { ...base, inboundNo: e.inboundNo, batchNo: e.batchNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qty), amount: l.amount, currency: l.currency })) };
    case 'STOCK_SOLD_OUT':
      return { ...base, inboundNo: e.inboundNo };
    case 'ORDER_RETURNED':
      return { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qty) })) };
    case 'ORDER_DELIVERED':
      return { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo, signedBy: e.signedBy };
    default:
      return { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo };
  }
}
