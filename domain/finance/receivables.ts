import { chinaDate } from '../time.js';
import type { AdvanceBasis } from './limits.js';
import { divide, sum, toMinor } from './money.js';

/**
 * Receivables (订单融资, issue 20) read from a shipment's own timeline: what is released or departed,
 * what was sold (9810 sales batches), and what each collection settled into CNY. Pure: the loan
 * workflow reads the timeline through an activity (the projection the shipment workflow writes) and
 * decides here, so the shipment workflow is not changed.
 * The timeline texts parsed here are written by workflows/shipment/fx.ts (FUNDS_RECEIVED,
 * FX_SETTLED) and workflows/shipment/overseas.ts (SALES_REPORTED); receivables.test.ts holds them.
 */
export interface TimelineEvent {
  seq: number;
  type: string;
  info: string;
  /** ISO time the event happened (workflow time). */
  at: string;
}

/** Money a collection brought in, settled into CNY (fen), with the foreign amount and rate recorded. */
export interface Settled {
  seq: number;
  /** The China date of the settlement (the day the proceeds are there to repay from). */
  on: string;
  cny: number;
  foreign: string;
  currency: string;
  rate: string;
}

export interface SalesBatch {
  /** The SALES_REPORTED event's seq: the batch's reference within the shipment. */
  seq: number;
  units: { sku: string; qty: number }[];
  settled?: Settled;
}

export interface ReceivableFacts {
  released: boolean;
  departed: boolean;
  /** 9810: the sales batches in the order reported, each with its settlement once it came. */
  batches: SalesBatch[];
  /** 9710, 9610: the shipment's one collection, once settled. */
  settled?: Settled;
}

const SETTLED = /^settled ([\d.]+) ([A-Z]{3}) → ([\d.]+) CNY at ([\d.]+)/;
const FUNDS = /^([\d.]+) ([A-Z]{3}) received/;
const SOLD_UNITS = /([^\s,:×]+) ×(\d+)/g;

/**
 * The receivable facts of one shipment from its timeline. A collection in CNY has no FX_SETTLED
 * (fx.ts returns after FUNDS_RECEIVED): its receipt is its settlement, at rate 1. Batches settle one
 * after another (overseas.ts sells batch by batch), so the n-th settlement is the n-th batch's.
 */
export function receivableFacts(events: readonly TimelineEvent[]): ReceivableFacts {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const facts: ReceivableFacts = { released: false, departed: false, batches: [] };
  for (const e of ordered) {
    if (e.type === 'RELEASED') facts.released = true;
    if (e.type === 'DEPARTED') facts.departed = true;
    if (e.type === 'SALES_REPORTED') {
      const sold = e.info.slice(e.info.indexOf(':') + 1, e.info.lastIndexOf(' sold for '));
      facts.batches.push({ seq: e.seq, units: [...sold.matchAll(SOLD_UNITS)].map((m) => ({ sku: m[1]!, qty: Number(m[2]) })) });
    }
    const settled = settlementOf(e);
    if (!settled) continue;
    const batch = facts.batches.find((b) => !b.settled);
    if (batch) batch.settled = settled;
    else facts.settled ??= settled;
  }
  return facts;
}

function settlementOf(e: TimelineEvent): Settled | undefined {
  if (e.type === 'FX_SETTLED') {
    const m = SETTLED.exec(e.info);
    return m ? { seq: e.seq, on: chinaDate(Date.parse(e.at)), foreign: m[1]!, currency: m[2]!, cny: toMinor(m[3]!, 'CNY'), rate: m[4]! } : undefined;
  }
  if (e.type === 'FUNDS_RECEIVED') {
    const m = FUNDS.exec(e.info);
    return m && m[2] === 'CNY' ? { seq: e.seq, on: chinaDate(Date.parse(e.at)), foreign: m[1]!, currency: 'CNY', cny: toMinor(m[1]!, 'CNY'), rate: '1' } : undefined;
  }
  return undefined;
}

/**
 * The declared CNY value (fen) of units sold from a 9810 consignment: each line's share of the
 * declared value, by its share of the goods value (qty × unit price), rounded down.
 * ASSUMPTION: a 9810 receivable is valued at the customs-declared CNY value of the units sold, not at
 * the price abroad (which the platform learns only as the sales report says, in foreign currency,
 * and which the FX rate moves): the value customs accepted, lower than the sale, so a lender's
 * ratio applies to a figure the platform verified. No source; a lender may value otherwise.
 */
export function declaredValueOfUnits(declaredValueFen: number, items: readonly { sku: string; qty: number; unitPrice: number }[], units: readonly { sku: string; qty: number }[]): number {
  const scaled = (n: number) => BigInt(Math.round(n * 100_000));
  const total = items.reduce((s, i) => s + scaled(i.qty) * scaled(i.unitPrice), 0n);
  if (total === 0n) return 0;
  const sold = units.reduce((s, u) => {
    const item = items.find((i) => i.sku === u.sku);
    return item ? s + scaled(u.qty) * scaled(item.unitPrice) : s;
  }, 0n);
  return Number(divide(BigInt(declaredValueFen) * sold, total, 'FLOOR'));
}

/** A batch is referred to as `<shipmentId>#<seq>` in the loans that finance it. */
export const batchRef = (shipmentId: string, seq: number) => `${shipmentId}#${seq}`;

/** A shipment as a receivable loan reads it (activities/finance.activities.ts readReceivables). */
export interface ReceivableShipment {
  shipmentId: string;
  mode: string;
  /** Finished (completed, cancelled, failed, returned): nothing more will be collected. */
  ended: boolean;
  /** The CNY value declared (9710, 9810) or priced (a CNY 9610 parcel), in fen; null when unknown. */
  valueFen: number | null;
  items: { sku: string; qty: number; unitPrice: number }[];
  events: TimelineEvent[];
  /** Refs (shipment ids, `<shipmentId>#<seq>` batches) that other loans still running or repaid finance. */
  financedElsewhere: string[];
}

export type ReceivableProductName = 'RECEIVABLE_9710' | 'RECEIVABLE_9810_SALES' | 'RECEIVABLE_9610_POOL';

/**
 * What a receivable loan would finance now: the advance basis for `advanceLimit` and the refs it
 * covers (the consignment, the sales batches reported and not yet collected, the pool's parcels).
 * ASSUMPTION: a 9610 parcel priced in foreign currency has no CNY value before its proceeds settle
 * (the platform has no declared CNY value for it), so it is left out of a pool; CNY-priced parcels count.
 */
export function receivableBasis(product: ReceivableProductName, shipments: readonly ReceivableShipment[]): { basis: AdvanceBasis; refs: string[] } {
  switch (product) {
    case 'RECEIVABLE_9710': {
      const s = shipments[0]!;
      const f = receivableFacts(s.events);
      return {
        basis: { product, declaredValue: s.valueFen ?? 0, released: f.released, departed: f.departed, alreadyFinanced: s.financedElsewhere.includes(s.shipmentId), collected: f.settled !== undefined },
        refs: [s.shipmentId],
      };
    }
    case 'RECEIVABLE_9810_SALES': {
      const s = shipments[0]!;
      const batches = receivableFacts(s.events).batches.map((b) => ({ ...b, ref: batchRef(s.shipmentId, b.seq), value: declaredValueOfUnits(s.valueFen ?? 0, s.items, b.units) }));
      const open = batches.filter((b) => !b.settled && !s.financedElsewhere.includes(b.ref));
      return {
        basis: { product, reportedSales: sum(batches.map((b) => b.value)), salesCollected: sum(batches.filter((b) => !open.includes(b)).map((b) => b.value)) },
        refs: open.map((b) => b.ref),
      };
    }
    case 'RECEIVABLE_9610_POOL': {
      const parcels = shipments.filter((s) => s.valueFen !== null).map((s) => {
        const f = receivableFacts(s.events);
        return { ref: s.shipmentId, value: s.valueFen!, released: f.released || f.departed, alreadyFinanced: s.financedElsewhere.includes(s.shipmentId) || f.settled !== undefined };
      });
      return { basis: { product, parcels }, refs: parcels.filter((p) => p.released && !p.alreadyFinanced).map((p) => p.ref) };
    }
  }
}

/**
 * The proceeds that repay a receivable loan: SETTLED once every financed ref has settled (their CNY
 * summed, on the last settlement's date), LOST when a financed shipment ended without settling it,
 * else PENDING.
 */
export function receivableProceeds(refs: readonly string[], shipments: readonly ReceivableShipment[]): { state: 'SETTLED'; cny: number; on: string } | { state: 'LOST'; ref: string } | { state: 'PENDING' } {
  const settled: Settled[] = [];
  for (const ref of refs) {
    const [shipmentId, seq] = ref.split('#');
    const s = shipments.find((x) => x.shipmentId === shipmentId);
    const f = s ? receivableFacts(s.events) : undefined;
    const one = seq === undefined ? f?.settled : f?.batches.find((b) => b.seq === Number(seq))?.settled;
    if (one) settled.push(one);
    else if (!s || s.ended) return { state: 'LOST', ref };
  }
  if (settled.length < refs.length) return { state: 'PENDING' };
  return { state: 'SETTLED', cny: sum(settled.map((x) => x.cny)), on: settled.map((x) => x.on).reduce((a, b) => (a > b ? a : b)) };
}
