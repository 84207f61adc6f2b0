import type { OrderLine, StockLine } from './port.js';

/** What moved stock: each kind changes onHand and reserved as README.md (stock rules) says. */
export type MovementKind = 'RECEIVED' | 'RESERVED' | 'SHIPPED' | 'SOLD' | 'RETURNED' | 'CANCELLED';

/** One movement with the SKU's running balance after it (GET /_stock). */
export interface Movement extends StockLine {
  seq: number;
  at: string;
  warehouseCode: string;
  kind: MovementKind;
  qty: number;
  /** inboundNo, outboundNo, returnNo or sales batchNo. */
  document: string;
  reference: string;
  /** RECEIVED only: units received damaged, set aside (not stock). */
  damaged?: number;
}

/** [onHand, reserved] change per unit of each kind. */
const EFFECT: Record<MovementKind, [number, number]> = {
  RECEIVED: [1, 0],
  RESERVED: [0, 1],
  SHIPPED: [-1, -1],
  SOLD: [-1, 0],
  RETURNED: [1, 0],
  CANCELLED: [0, -1],
};

/** A shortfall of an order that cannot be reserved. */
export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

/**
 * The simulator's stock per warehouse and SKU, with every movement kept and its running balance.
 * Methods run synchronously, so a reservation checks and takes all of its lines at once: two
 * orders racing for the last unit cannot both get it.
 */
export class StockLedger {
  private readonly balances = new Map<string, Map<string, { onHand: number; reserved: number }>>();
  readonly movements: Movement[] = [];

  line(warehouseCode: string, sku: string): StockLine {
    const b = this.balances.get(warehouseCode)?.get(sku) ?? { onHand: 0, reserved: 0 };
    return { sku, onHand: b.onHand, reserved: b.reserved, available: b.onHand - b.reserved };
  }

  /** The warehouse's SKUs (or one), in SKU order; a SKU never moved there answers zeros. */
  lines(warehouseCode: string, sku?: string): StockLine[] {
    if (sku !== undefined) return [this.line(warehouseCode, sku)];
    return [...(this.balances.get(warehouseCode)?.keys() ?? [])].sort().map((s) => this.line(warehouseCode, s));
  }

  /** The shortfalls of `lines` against available stock (empty: all can be reserved). */
  shortages(warehouseCode: string, lines: OrderLine[]): Shortage[] {
    return lines.flatMap(({ sku, qty }) => {
      const { available } = this.line(warehouseCode, sku);
      return qty > available ? [{ sku, requested: qty, available }] : [];
    });
  }

  /** Reserves every line or none; answers the shortfalls when it reserved nothing. */
  reserve(warehouseCode: string, lines: OrderLine[], document: string, reference: string): Shortage[] {
    const short = this.shortages(warehouseCode, lines);
    if (short.length === 0) this.move(warehouseCode, lines, 'RESERVED', document, reference);
    return short;
  }

  move(warehouseCode: string, lines: OrderLine[], kind: MovementKind, document: string, reference: string, damaged?: Record<string, number>): void {
    const at = new Date().toISOString();
    for (const { sku, qty } of lines) {
      const skus = this.balances.get(warehouseCode) ?? new Map<string, { onHand: number; reserved: number }>();
      this.balances.set(warehouseCode, skus);
      const b = skus.get(sku) ?? { onHand: 0, reserved: 0 };
      const [dOnHand, dReserved] = EFFECT[kind];
      const next = { onHand: b.onHand + dOnHand * qty, reserved: b.reserved + dReserved * qty };
      if (next.onHand < 0 || next.reserved < 0 || next.reserved > next.onHand) {
        throw new Error(`stock of ${sku} in ${warehouseCode} cannot go ${kind} ${qty} from ${JSON.stringify(b)}`);
      }
      skus.set(sku, next);
      this.movements.push({
        seq: this.movements.length + 1, at, warehouseCode, kind, qty, document, reference,
        ...this.line(warehouseCode, sku), ...(damaged?.[sku] !== undefined ? { damaged: damaged[sku] } : {}),
      });
    }
  }

  clear(): void {
    this.balances.clear();
    this.movements.length = 0;
  }
}
