import { Prisma, type Db } from './client.js';

const Decimal = Prisma.Decimal;
type Decimal = Prisma.Decimal;

/**
 * The platform's stock ledger per warehouse, owner (enterprise) and SKU: overseas-warehouse stock
 * of 9810 exports and bonded stock of 1210 imports. Every change is a movement row with the
 * balance after it; balances never go negative and reservations never exceed what is on hand.
 *
 * Correctness rests on PostgreSQL: one READ COMMITTED transaction per batch of movements; each
 * movement first inserts its row (`eventKey` unique: a repeated warehouse event or a retried call
 * counts once; a racing twin waits on the key and then sees it), then locks the balance row
 * (`FOR UPDATE`, so two orders racing for the last unit are served one after the other and the
 * second sees the first's effect) and checks what the movement needs before changing it.
 * A batch is all or nothing. Units a stock pledge holds (`pledged`) are not free: an order cannot
 * reserve them (StockPledged, 409 STOCK_PLEDGED); a sale the warehouse reports out of them is a
 * fact and is recorded, with a PLEDGE_BREACHED row per pledge it broke.
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
  /** Locked by a stock pledge (仓单质押; reference = the pledge id): out of free stock until released. */
  PLEDGED: 'PLEDGED',
  /** The pledge let units go (the lender's release, or repaid pro rata; reference = the pledge id). */
  PLEDGE_RELEASED: 'PLEDGE_RELEASED',
  /** Written by a SOLD movement that the warehouse reported out of pledged units (reference = the pledge id): the pledge's breach. */
  PLEDGE_BREACHED: 'PLEDGE_BREACHED',
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
  pledged: string;
  /** On hand, neither reserved nor pledged. */
  available: string;
}

/** Pledged units a SOLD movement took (the warehouse reported them sold): a breach of that pledge. */
export interface PledgeBreach {
  pledgeId: string;
  sku: string;
  qty: string;
  eventKey: string;
}

export class InsufficientStock extends Error {
  readonly code: 'INSUFFICIENT_STOCK' | 'STOCK_PLEDGED' = 'INSUFFICIENT_STOCK';
  constructor(
    readonly sku: string,
    readonly available: string,
    readonly wanted: string,
  ) {
    super(`sku ${sku}: ${wanted} wanted, ${available} available`);
  }
}

/** The units are there but locked by a stock pledge: a 409 for whoever wanted them (STOCK_PLEDGED). */
export class StockPledged extends InsufficientStock {
  override readonly code = 'STOCK_PLEDGED' as const;
  constructor(sku: string, available: string, wanted: string, readonly pledged: string) {
    super(sku, available, wanted);
    this.message = `sku ${sku}: ${wanted} wanted, ${available} available, ${pledged} pledged (locked until the lender releases them)`;
  }
}

const TX = { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, maxWait: 30_000, timeout: 30_000 };

/**
 * Applies movements all or nothing; returns how many were new (repeats count 0) and the pledged
 * units that SOLD movements took. A sale is reported by the warehouse after the fact, so it is
 * recorded even out of pledged units; the pledges it broke (oldest first) get PLEDGE_BREACHED rows.
 */
export async function moveStock(db: Db, movements: readonly StockMovementInput[]): Promise<{ applied: number; breaches: PledgeBreach[] }> {
  if (movements.length === 0) return { applied: 0, breaches: [] };
  return db.$transaction(async (tx) => {
    let applied = 0;
    const breaches: PledgeBreach[] = [];
    for (const m of movements) {
      const qty = quantity(m.qty);
      const row = await insertMovement(tx, m, m.kind, qty, m.eventKey, m.reference);
      if (row === undefined) continue;
      await tx.$executeRaw`
        INSERT INTO "StockBalance" ("system", "warehouseCode", "enterpriseId", "sku", "onHand", "reserved", "updatedAt")
        VALUES (${m.system}, ${m.warehouseCode}, ${m.enterpriseId}, ${m.sku}, 0, 0, now())
        ON CONFLICT DO NOTHING`;
      const [before] = await tx.$queryRaw<{ onHand: string; reserved: string; pledged: string }[]>`
        SELECT "onHand"::text AS "onHand", "reserved"::text AS "reserved", "pledged"::text AS "pledged" FROM "StockBalance"
        WHERE "system" = ${m.system} AND "warehouseCode" = ${m.warehouseCode} AND "enterpriseId" = ${m.enterpriseId} AND "sku" = ${m.sku}
        FOR UPDATE`;
      const b = { onHand: new Decimal(before!.onHand), reserved: new Decimal(before!.reserved), pledged: new Decimal(before!.pledged) };
      const q = new Decimal(qty);
      const present = b.onHand.minus(b.reserved);
      const free = present.minus(b.pledged);
      const [onHandDelta, reservedDelta, needs] = EFFECT[m.kind];
      let pledgedDelta = new Decimal(0);
      if (needs === 'FREE' && free.lessThan(q)) {
        throw present.greaterThanOrEqualTo(q) ? new StockPledged(m.sku, plain(free.toFixed()), qty, plain(b.pledged.toFixed())) : new InsufficientStock(m.sku, plain(free.toFixed()), qty);
      }
      if (needs === 'PRESENT' && present.lessThan(q)) throw new InsufficientStock(m.sku, plain(free.toFixed()), qty);
      if (needs === 'RESERVED' && b.reserved.lessThan(q)) throw new InsufficientStock(m.sku, plain(free.toFixed()), qty);
      if (m.kind === 'SOLD' && free.lessThan(q)) {
        const taken = q.minus(Decimal.max(free, 0));
        pledgedDelta = taken.negated();
        breaches.push(...(await breachPledges(tx, m, taken)));
      }
      if (m.kind === 'PLEDGED') {
        pledgedDelta = q;
        await tx.$executeRaw`
          INSERT INTO "StockPledgeLine" ("pledgeId", "system", "warehouseCode", "enterpriseId", "sku", "qty", "pledgedTotal")
          VALUES (${m.reference}, ${m.system}, ${m.warehouseCode}, ${m.enterpriseId}, ${m.sku}, ${qty}::numeric(19,5), ${qty}::numeric(19,5))
          ON CONFLICT ("pledgeId", "sku") DO UPDATE SET "qty" = "StockPledgeLine"."qty" + EXCLUDED."qty", "pledgedTotal" = "StockPledgeLine"."pledgedTotal" + EXCLUDED."qty"`;
      }
      if (m.kind === 'PLEDGE_RELEASED') {
        const released = await tx.$executeRaw`
          UPDATE "StockPledgeLine" SET "qty" = "qty" - ${qty}::numeric(19,5), "released" = "released" + ${qty}::numeric(19,5)
          WHERE "pledgeId" = ${m.reference} AND "sku" = ${m.sku} AND "qty" >= ${qty}::numeric(19,5)`;
        if (released === 0) throw new InsufficientStock(m.sku, '0', qty);
        pledgedDelta = q.negated();
      }
      const after = { onHand: b.onHand.plus(q.times(onHandDelta)), reserved: b.reserved.plus(q.times(reservedDelta)), pledged: b.pledged.plus(pledgedDelta) };
      await tx.$executeRaw`
        UPDATE "StockBalance" SET "onHand" = ${after.onHand.toFixed()}::numeric(19,5), "reserved" = ${after.reserved.toFixed()}::numeric(19,5), "pledged" = ${after.pledged.toFixed()}::numeric(19,5), "updatedAt" = now()
        WHERE "system" = ${m.system} AND "warehouseCode" = ${m.warehouseCode} AND "enterpriseId" = ${m.enterpriseId} AND "sku" = ${m.sku}`;
      await tx.$executeRaw`
        UPDATE "StockMovement" SET "onHandAfter" = ${after.onHand.toFixed()}::numeric(19,5), "reservedAfter" = ${after.reserved.toFixed()}::numeric(19,5) WHERE "id" = ${row}`;
      applied += 1;
    }
    return { applied, breaches };
  }, TX);
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Inserts a movement row unless its event key is stored already (then undefined: a repeat). */
async function insertMovement(tx: Tx, m: StockMovementInput, kind: StockKind, qty: string, eventKey: string, reference: string): Promise<bigint | undefined> {
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "StockMovement" ("eventKey", "system", "warehouseCode", "enterpriseId", "sku", "kind", "qty", "onHandAfter", "reservedAfter", "reference", "at")
    VALUES (${eventKey}, ${m.system}, ${m.warehouseCode}, ${m.enterpriseId}, ${m.sku}, ${kind}, ${qty}::numeric(19,5), 0, 0, ${reference}, now())
    ON CONFLICT ("eventKey") DO NOTHING
    RETURNING "id"`;
  return inserted[0]?.id;
}

/** Takes `units` out of the SKU's pledge lines, oldest pledge first, each with a PLEDGE_BREACHED row. */
async function breachPledges(tx: Tx, m: StockMovementInput, units: Decimal): Promise<PledgeBreach[]> {
  const lines = await tx.$queryRaw<{ pledgeId: string; qty: string }[]>`
    SELECT "pledgeId", "qty"::text AS "qty" FROM "StockPledgeLine"
    WHERE "system" = ${m.system} AND "warehouseCode" = ${m.warehouseCode} AND "enterpriseId" = ${m.enterpriseId} AND "sku" = ${m.sku} AND "qty" > 0
    ORDER BY "createdAt", "pledgeId" FOR UPDATE`;
  const out: PledgeBreach[] = [];
  let left = units;
  for (const line of lines) {
    if (left.lessThanOrEqualTo(0)) break;
    const take = Decimal.min(left, new Decimal(line.qty)).toFixed();
    await tx.$executeRaw`
      UPDATE "StockPledgeLine" SET "qty" = "qty" - ${take}::numeric(19,5), "breached" = "breached" + ${take}::numeric(19,5)
      WHERE "pledgeId" = ${line.pledgeId} AND "sku" = ${m.sku}`;
    const eventKey = `${m.eventKey}:breach:${line.pledgeId}`;
    await insertMovement(tx, m, 'PLEDGE_BREACHED', take, eventKey, line.pledgeId);
    out.push({ pledgeId: line.pledgeId, sku: m.sku, qty: plain(take), eventKey });
    left = left.minus(take);
  }
  return out;
}

/**
 * What each movement needs before it applies: FREE units (on hand, not reserved, not pledged),
 * PRESENT units (on hand and not reserved: a reported sale may take pledged units), RESERVED
 * units, or nothing; and [onHand change, reserved change] per unit. Pledge lines change `pledged`.
 */
const EFFECT: Record<StockKind, [number, number, 'FREE' | 'PRESENT' | 'RESERVED' | 'NONE']> = {
  RECEIVED: [1, 0, 'NONE'],
  DAMAGED: [0, 0, 'NONE'],
  RESERVED: [0, 1, 'FREE'],
  UNRESERVED: [0, -1, 'RESERVED'],
  SHIPPED: [-1, -1, 'RESERVED'],
  SOLD: [-1, 0, 'PRESENT'],
  RETURNED: [1, 0, 'NONE'],
  PLEDGED: [0, 0, 'FREE'],
  PLEDGE_RELEASED: [0, 0, 'NONE'],
  PLEDGE_BREACHED: [0, 0, 'NONE'],
};

/** A pledge's lines as the ledger holds them (locked, released, reported sold while pledged). */
export async function pledgeLinesOf(db: Db, pledgeId: string): Promise<{ sku: string; locked: string; pledged: string; released: string; breached: string }[]> {
  const rows = await db.stockPledgeLine.findMany({ where: { pledgeId }, orderBy: { sku: 'asc' } });
  return rows.map((r) => ({ sku: r.sku, locked: plain(r.qty.toFixed()), pledged: plain(r.pledgedTotal.toFixed()), released: plain(r.released.toFixed()), breached: plain(r.breached.toFixed()) }));
}

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
    pledged: r.pledged.toString(),
    available: r.onHand.minus(r.reserved).minus(r.pledged).toString(),
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
