import type { WarehousePort } from '../adapters/warehouse/port.js';
import type { Db } from '../db/client.js';
import { releaseQuota, confirmQuota } from '../db/quota.js';
import { moveStock, type StockMovementInput } from '../db/stock.js';
import { callOutside } from './failures.js';

export interface WarehouseDeps {
  db: Db;
  /** Warehouse ports by system id (adapters/warehouses.ts). */
  warehouses: Record<string, WarehousePort>;
}

function warehouse(deps: WarehouseDeps, system: string): WarehousePort {
  const port = deps.warehouses[system];
  if (!port) throw new Error(`no warehouse adapter registered for ${system}`);
  return port;
}

/** A stock change the workflow asks the platform's ledger (db/stock.ts) to record. */
export type StockMove = Omit<StockMovementInput, 'qty'> & { qty: string };

export const createWarehouseActivities = (deps: WarehouseDeps) => ({
  /** Books goods into a warehouse (9810 booking note 订仓单 with prices; 1210 stock entry). */
  async announceWarehouseInbound(req: {
    system: string;
    reference: string;
    warehouseCode: string;
    lines: { sku: string; name: string; qty: number; unitPrice?: string; currency?: string }[];
    carrierBookingNo?: string;
    expectedAt?: string;
    idempotencyKey: string;
  }) {
    const { system, idempotencyKey, ...body } = req;
    return callOutside(() => warehouse(deps, system).announceInbound(body, idempotencyKey));
  },
  /** Cancels an inbound booking that was not received yet (compensation). */
  async cancelWarehouseInbound(req: { system: string; inboundNo: string; reason: string; idempotencyKey: string }) {
    return callOutside(() => warehouse(deps, req.system).cancelInbound({ inboundNo: req.inboundNo, reason: req.reason }, req.idempotencyKey));
  },
  /** Picks and ships an order out of stock (1210: once customs released it). */
  async fulfilWarehouseOrder(req: {
    system: string;
    reference: string;
    warehouseCode: string;
    orderNo: string;
    invtNo?: string;
    lines: { sku: string; qty: number }[];
    consignee: { name: string; telephone: string; address: string };
    logisticsNo: string;
    idempotencyKey: string;
  }) {
    const { system, idempotencyKey, ...body } = req;
    return callOutside(() => warehouse(deps, system).fulfilOrder(body, idempotencyKey));
  },
  /** Takes a returned order back into the warehouse's stock. */
  async returnWarehouseOrder(req: { system: string; outboundNo: string; lines: { sku: string; qty: number }[]; reason: string; idempotencyKey: string }) {
    return callOutside(() => warehouse(deps, req.system).returnOrder({ outboundNo: req.outboundNo, lines: req.lines, reason: req.reason }, req.idempotencyKey));
  },
  /** Records stock movements in the platform's ledger (each counted once by its event key). */
  async recordStock(req: { moves: StockMove[] }): Promise<{ applied: number }> {
    return moveStock(deps.db, req.moves);
  },
  /** 1210: customs released the goods; the buyer's quota claim becomes final. */
  async confirmImportQuota(req: { shipmentId: string }): Promise<void> {
    await confirmQuota(deps.db, req.shipmentId);
  },
  /** 1210: gives the buyer's quota back (cancelled, refused or returned order). */
  async releaseImportQuota(req: { shipmentId: string }): Promise<{ released: boolean }> {
    const r = await releaseQuota(deps.db, req.shipmentId);
    return { released: r.released };
  },
});
