import type { Client } from '@temporalio/client';
import { WarehouseEventSchema } from '../../adapters/warehouse/port.js';
import { warehouseEventReceived, type WarehouseEvent } from '../../workflows/contract.js';
import type { Outcome } from './callbacks.routes.js';

type Signal = (reference: string, send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<void>) => Promise<Outcome>;

/**
 * A warehouse event (adapters/warehouse, signed JSON) for the shipment or stock entry its
 * `reference` names: validated against the port's event schema, then signalled.
 */
export async function warehouseNotice(body: Record<string, unknown>, bad: (message: string) => Error, signal: Signal): Promise<Outcome> {
  const parsed = WarehouseEventSchema.safeParse(body);
  if (!parsed.success) throw bad(`not a warehouse event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const base = { eventId: e.eventId, type: e.type, at: e.at };
  let event: WarehouseEvent;
  switch (e.type) {
    case 'INBOUND_RECEIVED':
      event = { ...base, inboundNo: e.inboundNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qtyReceived), qtyDamaged: String(l.qtyDamaged) })) };
      break;
    case 'SALES_REPORTED':
      event = { ...base, inboundNo: e.inboundNo, batchNo: e.batchNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qty), amount: l.amount, currency: l.currency })) };
      break;
    case 'STOCK_SOLD_OUT':
      event = { ...base, inboundNo: e.inboundNo };
      break;
    case 'ORDER_RETURNED':
      event = { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo, lines: e.lines.map((l) => ({ sku: l.sku, qty: String(l.qty) })) };
      break;
    case 'ORDER_DELIVERED':
      event = { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo, signedBy: e.signedBy };
      break;
    default:
      event = { ...base, outboundNo: e.outboundNo, logisticsNo: e.logisticsNo };
  }
  return signal(e.reference, (h) => h.signal(warehouseEventReceived, event));
}
