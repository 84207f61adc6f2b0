import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HOUR } from '../../domain/time.js';
import { effectHandlers, Rejection } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import {
  CancelInboundRequestSchema,
  CancelOrderRequestSchema,
  ReturnOrderRequestSchema,
  StockQuerySchema,
  WarehouseErrorCode as E,
  type AnnounceInboundRequest,
  type Consignee,
  type FulfilOrderRequest,
  type InboundLine,
  type OrderLine,
  type WarehouseEvent,
  type WarehouseEventType,
} from './port.js';
import { batchQty, saleAmount } from './sales.js';
import { StockLedger } from './stock.js';

/** A warehouse the simulated operator runs, by its code. */
export interface WarehouseSite {
  code: string;
}

export interface WarehouseSimulatorSpec<InReq extends AnnounceInboundRequest, W extends WarehouseSite> {
  system: string;
  /** Document number prefix, 2-4 upper-case letters (OW → OWIN…, OWOUT…, OWRT…). */
  prefix: string;
  inboundSchema: z.ZodType<InReq>;
  orderSchema: z.ZodType<FulfilOrderRequest>;
  warehouses: readonly W[];
  /** The warehouse's fields in the inbound answer (name, address, account book…). */
  inboundFields(site: W): Record<string, unknown>;
  /** Business ms: counting goods in after they arrive; picking to shipping; shipping to delivery; an undeliverable parcel's way back. */
  timing: { receivingMs: number; shippingMs: number; deliveryMs: number; returnMs: number };
  /**
   * Sells received stock by itself (overseas warehouse): a batch every `intervalMs`, `share` of
   * what is left but at least `minShareOfInbound` of what came in (so a batch never dwindles to
   * single units), at price × `markup`.
   */
  sales?: { intervalMs: number; share: number; minShareOfInbound?: number; markup: string };
}

export interface WarehouseSimulatorOptions<W extends WarehouseSite = WarehouseSite> extends Omit<SimulatorOptions, 'system'> {
  system?: string;
  /** Replaces the operator's default warehouses (configuration, e.g. a newly approved centre). */
  warehouses?: readonly W[];
  /** Replaces the sales markup (a decimal string, e.g. "1.8"). */
  markup?: string;
}

interface InboundState {
  inboundNo: string;
  reference: string;
  warehouseCode: string;
  lines: InboundLine[];
  status: 'ANNOUNCED' | 'RECEIVED' | 'CANCELLED';
  /** Per SKU, what is left of this inbound to sell. */
  left: Map<string, number>;
  batches: number;
  periodFrom: number;
}

interface OutboundState {
  outboundNo: string;
  reference: string;
  orderNo: string;
  warehouseCode: string;
  logisticsNo: string;
  consignee: Consignee;
  lines: OrderLine[];
  status: 'RESERVED' | 'SHIPPED' | 'DELIVERED' | 'RETURNED' | 'CANCELLED';
  returned: Map<string, number>;
}

type EventBody = { [T in WarehouseEventType]: Omit<Extract<WarehouseEvent, { type: T }>, 'eventId' | 'reference' | 'at'> }[WarehouseEventType];

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const iso = (ms: number) => new Date(ms).toISOString();
/** The longest real delay a Node timer takes (longer ones fire at once): longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The warehouse API (adapters/warehouse/README.md) on the kit's simulator: idempotent POSTs
 * through the ledger, a stock ledger per warehouse and SKU (GET /_stock), scenarios per reference
 * (`damaged`, `over-count`, `partial-sales`, `hold-shipping`, `undeliverable`) and events as signed JSON
 * callbacks, strictly in order per reference. Each warehouse operator adds its data and timing.
 */
export function createWarehouseSimulator<InReq extends AnnounceInboundRequest, W extends WarehouseSite>(
  opts: WarehouseSimulatorOptions<W>,
  spec: WarehouseSimulatorSpec<InReq, W>,
): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? spec.system });
  const sites = new Map((opts.warehouses ?? spec.warehouses).map((w) => [w.code, w]));
  const stock = new StockLedger();
  const inbounds = new Map<string, InboundState>();
  const outbounds = new Map<string, OutboundState>();
  const chains = new Map<string, Promise<unknown>>();
  const { timing, sales } = spec;
  const markup = opts.markup ?? sales?.markup ?? '1';
  let serial = 0;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || req.url !== '/_control/reset') return;
    inbounds.clear();
    outbounds.clear();
    chains.clear();
    stock.clear();
  });

  /** sim.later for any business delay, however long at this time scale. */
  function after(businessMs: number, fn: () => void) {
    const step = (MAX_TIMER_MS - 1000) * opts.timeScale;
    if (businessMs > step) sim.later(step, () => after(businessMs - step, fn));
    else sim.later(businessMs, fn);
  }

  const nextNo = (kind: string) => `${spec.prefix}${kind}${iso(Date.now() + 8 * HOUR).slice(0, 10).replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;

  function site(code: string): W {
    const found = sites.get(code);
    if (!found) throw new Rejection(422, E.UnknownWarehouse, `${spec.system} runs no warehouse ${code}`);
    return found;
  }

  /** Sends an event after every earlier event of the same reference. */
  function emit(reference: string, body: EventBody) {
    const event = { eventId: `evt_${randomUUID()}`, reference, at: iso(Date.now()), ...body };
    const chain = (chains.get(reference) ?? Promise.resolve())
      .then(() => sim.sendCallback(JSON.stringify(event), 'application/json'))
      .catch(() => undefined);
    chains.set(reference, chain);
  }

  /** The input is the body with the path parameters; a rejection's details are spread into `{ code, message, … }`. */
  const effect = effectHandlers(sim, { ...E, withParams: true, error: (r) => ({ code: r.code, message: r.message, ...r.details }) });

  // ── inbound: announce, receive, sell ───────────────────────────────────────────────────────
  function receive(inb: InboundState) {
    if (inbounds.get(inb.inboundNo) !== inb || inb.status !== 'ANNOUNCED') return;
    const scenario = sim.scenario(inb.reference);
    // `not-arrived`: the goods never reach the warehouse (e.g. held or cancelled at customs at home): nothing is received
    if (scenario?.name === 'not-arrived') return;
    const share = scenario?.name === 'damaged' ? num(scenario.params.share, 0.1) : 0;
    // `over-count`: the warehouse counts `extra` units per line more than were announced
    const extra = scenario?.name === 'over-count' ? num(scenario.params.extra, 1) : 0;
    const lines = inb.lines.map(({ sku, qty }) => {
      const qtyDamaged = share > 0 ? Math.min(qty, Math.max(1, Math.round(qty * share))) : 0;
      return { sku, qtyReceived: qty - qtyDamaged + extra, qtyDamaged };
    });
    const damaged = Object.fromEntries(lines.map((l) => [l.sku, l.qtyDamaged]));
    stock.move(inb.warehouseCode, lines.map((l) => ({ sku: l.sku, qty: l.qtyReceived })), 'RECEIVED', inb.inboundNo, inb.reference, damaged);
    inb.status = 'RECEIVED';
    inb.left = new Map(lines.map((l) => [l.sku, l.qtyReceived]));
    inb.periodFrom = Date.now();
    emit(inb.reference, { type: 'INBOUND_RECEIVED', warehouseCode: inb.warehouseCode, inboundNo: inb.inboundNo, lines });
    const priced = inb.lines.every((l) => l.unitPrice !== undefined && l.currency !== undefined);
    const limit = scenario?.name === 'partial-sales' ? num(scenario.params.batches, 1) : Infinity;
    if (sales && priced && limit > 0) after(sales.intervalMs, () => sell(inb));
  }

  function sell(inb: InboundState) {
    if (inbounds.get(inb.inboundNo) !== inb || !sales) return;
    const scenario = sim.scenario(inb.reference);
    const partial = scenario?.name === 'partial-sales';
    const share = partial ? num(scenario.params.share, sales.share) : sales.share;
    const sold = inb.lines.flatMap(({ sku, qty: announced, unitPrice = '0', currency = 'XXX' }) => {
      // what is left of this inbound, less what orders took from the same SKU meanwhile
      const left = Math.min(inb.left.get(sku) ?? 0, stock.line(inb.warehouseCode, sku).available);
      const floor = partial ? 1 : Math.ceil(announced * (sales.minShareOfInbound ?? 0) - 1e-9);
      const qty = left > 0 ? batchQty(left, share, floor) : 0;
      inb.left.set(sku, left - qty);
      return qty > 0 ? [{ sku, qty, amount: saleAmount(qty, unitPrice, markup), currency }] : [];
    });
    if (sold.length > 0) {
      inb.batches += 1;
      const batchNo = `${inb.inboundNo}-S${String(inb.batches).padStart(2, '0')}`;
      stock.move(inb.warehouseCode, sold, 'SOLD', batchNo, inb.reference);
      const now = Date.now();
      emit(inb.reference, {
        type: 'SALES_REPORTED', warehouseCode: inb.warehouseCode, inboundNo: inb.inboundNo, batchNo, lines: sold,
        periodFrom: iso(inb.periodFrom), periodTo: iso(now),
      });
      inb.periodFrom = now;
    }
    if ([...inb.left.values()].every((left) => left === 0)) {
      emit(inb.reference, { type: 'STOCK_SOLD_OUT', warehouseCode: inb.warehouseCode, inboundNo: inb.inboundNo });
    } else if (!(partial && inb.batches >= num(scenario.params.batches, 1))) {
      after(sales.intervalMs, () => sell(inb));
    }
  }

  sim.app.post('/v1/inbounds', effect('announceInbound', spec.inboundSchema, 201, (req) => {
    const w = site(req.warehouseCode);
    const now = Date.now();
    const inb: InboundState = {
      inboundNo: nextNo('IN'), reference: req.reference, warehouseCode: w.code, lines: req.lines,
      status: 'ANNOUNCED', left: new Map(), batches: 0, periodFrom: now,
    };
    inbounds.set(inb.inboundNo, inb);
    const arrival = req.expectedAt === undefined ? now : Math.max(now, Date.parse(req.expectedAt));
    after((arrival - now) * opts.timeScale + timing.receivingMs, () => receive(inb));
    return {
      inboundNo: inb.inboundNo, reference: req.reference, warehouseCode: w.code, status: 'ANNOUNCED', ...spec.inboundFields(w),
      ...(req.expectedAt ? { expectedAt: req.expectedAt } : {}), announcedAt: iso(now),
    };
  }));

  sim.app.post('/v1/inbounds/:inboundNo/cancellation', effect('cancelInbound', CancelInboundRequestSchema, 200, (req) => {
    const inb = inbounds.get(req.inboundNo);
    if (!inb) throw new Rejection(404, E.InboundNotFound, `no inbound ${req.inboundNo}`);
    if (inb.status === 'RECEIVED') throw new Rejection(409, E.AlreadyReceived, `inbound ${inb.inboundNo} was already received`);
    inb.status = 'CANCELLED';
    return { inboundNo: inb.inboundNo, cancelled: true, reason: req.reason, cancelledAt: iso(Date.now()) };
  }));

  // ── outbound: fulfil, ship, deliver or bring back, cancel, return ──────────────────────────
  function findOrder(outboundNo: string): OutboundState {
    const o = outbounds.get(outboundNo);
    if (!o) throw new Rejection(404, E.OrderNotFound, `no outbound order ${outboundNo}`);
    return o;
  }
  const live = (o: OutboundState, status: OutboundState['status']) => outbounds.get(o.outboundNo) === o && o.status === status;
  const orderFields = (o: OutboundState) => ({ warehouseCode: o.warehouseCode, outboundNo: o.outboundNo, orderNo: o.orderNo, logisticsNo: o.logisticsNo });
  const unreturned = (o: OutboundState) =>
    o.lines.map(({ sku, qty }) => ({ sku, qty: qty - (o.returned.get(sku) ?? 0) })).filter((l) => l.qty > 0);

  function ship(o: OutboundState) {
    if (!live(o, 'RESERVED')) return;
    stock.move(o.warehouseCode, o.lines, 'SHIPPED', o.outboundNo, o.reference);
    o.status = 'SHIPPED';
    emit(o.reference, { type: 'ORDER_SHIPPED', ...orderFields(o) });
    if (sim.scenario(o.reference)?.name === 'undeliverable') after(timing.deliveryMs + timing.returnMs, () => bringBack(o));
    else after(timing.deliveryMs, () => deliver(o));
  }

  function deliver(o: OutboundState) {
    if (!live(o, 'SHIPPED')) return;
    o.status = 'DELIVERED';
    emit(o.reference, { type: 'ORDER_DELIVERED', ...orderFields(o), signedBy: o.consignee.name });
  }

  function bringBack(o: OutboundState) {
    if (!live(o, 'SHIPPED')) return;
    const lines = unreturned(o);
    if (lines.length > 0) stock.move(o.warehouseCode, lines, 'RETURNED', o.outboundNo, o.reference);
    for (const l of lines) o.returned.set(l.sku, (o.returned.get(l.sku) ?? 0) + l.qty);
    o.status = 'RETURNED';
    // units the platform already returned with returnOrder are not reported again
    if (lines.length > 0) emit(o.reference, { type: 'ORDER_RETURNED', ...orderFields(o), reason: 'UNDELIVERABLE', lines });
  }

  sim.app.post('/v1/outbounds', effect('fulfilOrder', spec.orderSchema, 201, (req) => {
    const w = site(req.warehouseCode);
    const taken = [...outbounds.values()].find((o) => o.orderNo === req.orderNo && o.warehouseCode === w.code && o.status !== 'CANCELLED');
    if (taken) throw new Rejection(409, E.DuplicateOrder, `order ${req.orderNo} is already outbound ${taken.outboundNo}`, { outboundNo: taken.outboundNo });
    const outboundNo = nextNo('OUT');
    const shortages = stock.reserve(w.code, req.lines, outboundNo, req.reference);
    if (shortages.length > 0) {
      throw new Rejection(409, E.InsufficientStock, `not enough stock of ${shortages.map((s) => s.sku).join(', ')} in ${w.code}`, { shortages });
    }
    const o: OutboundState = {
      outboundNo, reference: req.reference, orderNo: req.orderNo, warehouseCode: w.code, logisticsNo: req.logisticsNo,
      consignee: req.consignee, lines: req.lines, status: 'RESERVED', returned: new Map(),
    };
    outbounds.set(outboundNo, o);
    // hold-shipping: held for businessDelayMs, or without it until the order is cancelled
    const scenario = sim.scenario(req.reference);
    const hold = scenario?.name === 'hold-shipping' ? num(scenario.params.businessDelayMs, Infinity) : 0;
    if (hold < Infinity) after(timing.shippingMs + hold, () => ship(o));
    return { outboundNo, reference: req.reference, orderNo: req.orderNo, warehouseCode: w.code, status: 'RESERVED', createdAt: iso(Date.now()) };
  }));

  sim.app.post('/v1/outbounds/:outboundNo/cancellation', effect('cancelOrder', CancelOrderRequestSchema, 200, (req) => {
    const o = findOrder(req.outboundNo);
    if (o.status === 'RESERVED') stock.move(o.warehouseCode, o.lines, 'CANCELLED', o.outboundNo, o.reference);
    else if (o.status !== 'CANCELLED') throw new Rejection(409, E.AlreadyShipped, `outbound ${o.outboundNo} already shipped`);
    o.status = 'CANCELLED';
    return { outboundNo: o.outboundNo, cancelled: true, reason: req.reason, cancelledAt: iso(Date.now()) };
  }));

  sim.app.post('/v1/outbounds/:outboundNo/returns', effect('returnOrder', ReturnOrderRequestSchema, 201, (req) => {
    const o = findOrder(req.outboundNo);
    if (o.status === 'RESERVED' || o.status === 'CANCELLED') {
      throw new Rejection(409, E.NotShipped, `outbound ${o.outboundNo} never shipped (${o.status})`);
    }
    const left = new Map(unreturned(o).map((l) => [l.sku, l.qty]));
    const over = req.lines.filter((l) => l.qty > (left.get(l.sku) ?? 0));
    if (over.length > 0) {
      throw new Rejection(422, E.ReturnExceedsShipped, `more of ${over.map((l) => l.sku).join(', ')} returned than shipped and not yet returned`);
    }
    const returnNo = nextNo('RT');
    stock.move(o.warehouseCode, req.lines, 'RETURNED', returnNo, o.reference);
    for (const l of req.lines) o.returned.set(l.sku, (o.returned.get(l.sku) ?? 0) + l.qty);
    return { returnNo, outboundNo: o.outboundNo, lines: req.lines, reason: req.reason, receivedAt: iso(Date.now()) };
  }));

  // ── stock ───────────────────────────────────────────────────────────────────────────────────
  sim.app.get('/v1/warehouses/:warehouseCode/stock', async (req, reply) => {
    const parsed = StockQuerySchema.safeParse({ ...(req.query as object), ...(req.params as object) });
    if (!parsed.success) return reply.code(400).send({ code: E.InvalidRequest, message: z.prettifyError(parsed.error) });
    if (!sites.has(parsed.data.warehouseCode)) {
      return reply.code(404).send({ code: E.UnknownWarehouse, message: `${spec.system} runs no warehouse ${parsed.data.warehouseCode}` });
    }
    return { warehouseCode: parsed.data.warehouseCode, lines: stock.lines(parsed.data.warehouseCode, parsed.data.sku) };
  });

  /** Every movement with its running balance, and the balances now (filters: warehouseCode, sku, reference). */
  sim.app.get('/_stock', async (req) => {
    const q = req.query as { warehouseCode?: string; sku?: string; reference?: string };
    const movements = stock.movements.filter(
      (m) => (!q.warehouseCode || m.warehouseCode === q.warehouseCode) && (!q.sku || m.sku === q.sku) && (!q.reference || m.reference === q.reference),
    );
    const balances = [...sites.keys()]
      .filter((code) => !q.warehouseCode || code === q.warehouseCode)
      .flatMap((code) => stock.lines(code).map((line) => ({ warehouseCode: code, ...line })))
      .filter((b) => !q.sku || b.sku === q.sku);
    return { system: opts.system ?? spec.system, movements, balances };
  });

  return sim;
}
