import { Prisma, type Db } from './client.js';

/**
 * The platform's stock ledger per warehouse, owner (enterprise) and SKU: overseas-warehouse stock
 * of 9810 exports and bonded stock of 1210 imports. Every change is a movement row with the
 * balance after it; balances never go negative and reservations never exceed what is on hand.
 *
 * Correctness rests on PostgreSQL: one READ COMMITTED transaction per batch of movements; each
 * movement first inserts its row (`eventKey` unique: a repeated warehouse event or a retried call
 * counts once; a racing twin waits on the key and then sees it), then changes the balance with a
 * conditional `UPDATE … WHERE onHand - reserved >= qty` that re-checks the latest committed row,
 * so two orders racing for the last unit never both get it. A batch is all or nothing.
 */
export const StockKind = {
  /** Goods received into the warehouse (inbound receipt). */
  RECEIVED: 'RECEIVED',
  /** Received damaged: recorded, not added to stock. */
  DAMAGED: 'DAMAGED',
  /** Held for an order (1210 order accepted). */
  RESERVED: 'RESERVED',
  /** Hold released (order cancelled or refused). */
  UNRESERVED: 'UNRESERVED',
  /** A held unit left the warehouse (1210 second-line exit). */
  SHIPPED: 'SHIPPED',
  /** Sold abroad out of free stock (9810 sales report). */
  SOLD: 'SOLD',
  /** Came back into stock (return, undeliverable parcel). */
  RETURNED: 'RETURNED',
} as const;
export type StockKind = (typeof StockKind)[keyof typeof StockKind];

export interface StockMovementInput {
  eventKey: string;
  system: string;
  warehouseCode: string;
  enterpriseId: string;
  sku: string;
  kind: StockKind;
  /** Positive quantity; at most 5 decimals. */
  qty: string | number;
  /** Shipment id or stock-entry id the movement belongs to. */
  reference: string;
}

export interface StockBalanceView {
  system: string;
  warehouseCode: string;
  sku: string;
  onHand: string;
  reserved: string;
  available: string;
}

export class InsufficientStock extends Error {
  readonly code = 'INSUFFICIENT_STOCK';
  constructor(
    readonly sku: string,
    readonly available: string,
    readonly wanted: string,
  ) {
    super(`sku ${sku}: ${wanted} wanted, ${available} available`);
  }
}

const TX = { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, maxWait: 30_000, timeout: 30_000 };

/** Applies movements all or nothing; returns how many were new (repeats count 0). */
export async function moveStock(db: Db, movements: readonly StockMovementInput[]): Promise<{ applied: number }> {
  if (movements.length === 0) return { applied: 0 };
  return db.$transaction(async (tx) => {
    let applied = 0;
    for (const m of movements) {
      const qty = quantity(m.qty);
      const inserted = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO "StockMovement" ("eventKey", "system", "warehouseCode", "enterpriseId", "sku", "kind", "qty", "onHandAfter", "reservedAfter", "reference", "at")
        VALUES (${m.eventKey}, ${m.system}, ${m.warehouseCode}, ${m.enterpriseId}, ${m.sku}, ${m.kind}, ${qty}::numeric(19,5), 0, 0, ${m.reference}, now())
        ON CONFLICT ("eventKey") DO NOTHING
        RETURNING "id"`;
      const row = inserted[0];
      if (!row) continue;
      await tx.$executeRaw`
        INSERT INTO "StockBalance" ("system", "warehouseCode", "enterpriseId", "sku", "onHand", "reserved", "updatedAt")
        VALUES (${m.system}, ${m.warehouseCode}, ${m.enterpriseId}, ${m.sku}, 0, 0, now())
        ON CONFLICT DO NOTHING`;
      const [onHandDelta, reservedDelta, needsFree, needsReserved] = EFFECT[m.kind];
      const updated = await tx.$queryRaw<{ onHand: string; reserved: string }[]>`
        UPDATE "StockBalance" SET
          "onHand" = "onHand" + ${onHandDelta}::numeric * ${qty}::numeric(19,5),
          "reserved" = "reserved" + ${reservedDelta}::numeric * ${qty}::numeric(19,5),
          "updatedAt" = now()
        WHERE "system" = ${m.system} AND "warehouseCode" = ${m.warehouseCode} AND "enterpriseId" = ${m.enterpriseId} AND "sku" = ${m.sku}
          AND (NOT ${needsFree} OR "onHand" - "reserved" >= ${qty}::numeric(19,5))
          AND (NOT ${needsReserved} OR "reserved" >= ${qty}::numeric(19,5))
        RETURNING "onHand"::text AS "onHand", "reserved"::text AS "reserved"`;
      const after = updated[0];
      if (!after) {
        const [b] = await tx.$queryRaw<{ available: string }[]>`
          SELECT ("onHand" - "reserved")::text AS available FROM "StockBalance"
          WHERE "system" = ${m.system} AND "warehouseCode" = ${m.warehouseCode} AND "enterpriseId" = ${m.enterpriseId} AND "sku" = ${m.sku}`;
        throw new InsufficientStock(m.sku, plain(b?.available ?? '0'), qty);
      }
      await tx.$executeRaw`
        UPDATE "StockMovement" SET "onHandAfter" = ${after.onHand}::numeric(19,5), "reservedAfter" = ${after.reserved}::numeric(19,5) WHERE "id" = ${row.id}`;
      applied += 1;
    }
    return { applied };
  }, TX);
}

/** [onHand change, reserved change, needs free stock, needs reserved stock] per unit of qty. */
const EFFECT: Record<StockKind, [number, number, boolean, boolean]> = {
  RECEIVED: [1, 0, false, false],
  DAMAGED: [0, 0, false, false],
  RESERVED: [0, 1, true, false],
  UNRESERVED: [0, -1, false, true],
  SHIPPED: [-1, -1, false, true],
  SOLD: [-1, 0, true, false],
  RETURNED: [1, 0, false, false],
};

/** An enterprise's stock, optionally for one warehouse system and code. */
export async function stockOf(db: Db, enterpriseId: string, filter: { system?: string; warehouseCode?: string } = {}): Promise<StockBalanceView[]> {
  const rows = await db.stockBalance.findMany({
    where: { enterpriseId, ...(filter.system ? { system: filter.system } : {}), ...(filter.warehouseCode ? { warehouseCode: filter.warehouseCode } : {}) },
    orderBy: [{ system: 'asc' }, { warehouseCode: 'asc' }, { sku: 'asc' }],
  });
  return rows.map((r) => ({
    system: r.system,
    warehouseCode: r.warehouseCode,
    sku: r.sku,
    onHand: r.onHand.toString(),
    reserved: r.reserved.toString(),
    available: r.onHand.minus(r.reserved).toString(),
  }));
}

/** Decimal text without trailing zeros ('1.50000' → '1.5'). */
function plain(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function quantity(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (!/^\d{1,14}(\.\d{1,5})?$/.test(text) || Number(text) <= 0) throw new RangeError(`stock quantity must be a positive decimal with at most 5 places, got ${text}`);
  return text;
}
