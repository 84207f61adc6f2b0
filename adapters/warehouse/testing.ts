/**
 * Test helpers for warehouse simulators (test-only: imports vitest through the kit's testing.ts).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, type SimulatorFixture } from '../kit/testing.js';
import type { WarehouseContractHarness, WarehouseDelivery } from './contract.js';
import {
  WarehouseErrorCode as E,
  WarehouseEventSchema,
  type AnnounceInboundRequest,
  type FulfilOrderRequest,
  type InboundBooking,
  type OrderLine,
  type StockLine,
  type WarehouseEvent,
  type WarehouseEventType,
} from './port.js';
import type { Movement } from './stock.js';

/** The signed event callbacks a simulator fixture received for a reference, in arrival order. */
export function deliveriesOf(sim: SimulatorFixture<unknown>, reference: string): WarehouseDelivery[] {
  return sim.received.flatMap((r) => {
    const event = WarehouseEventSchema.safeParse(r.body).data;
    return event?.reference === reference ? [{ verified: r.verified, event }] : [];
  });
}

/** The events received for a reference once one of them has `type` (bounded polling). */
export function eventsUntil(sim: SimulatorFixture<unknown>, reference: string, type: WarehouseEventType, timeoutMs?: number): Promise<WarehouseEvent[]> {
  return eventually(() => {
    const events = deliveriesOf(sim, reference).map((d) => d.event);
    return events.some((e) => e.type === type) ? events : undefined;
  }, timeoutMs);
}

/** GET /_stock: movements with running balances and the balances now. */
export async function readStock(baseUrl: string, query: { warehouseCode?: string; sku?: string; reference?: string }) {
  const res = await fetch(`${baseUrl}/_stock?${new URLSearchParams(query)}`);
  return (await res.json()) as { movements: Movement[]; balances: ({ warehouseCode: string } & StockLine)[] };
}

export const freshSku = () => `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;

/** A valid order for `lines` out of a warehouse, with a fresh reference and numbers. */
export function orderFor(warehouseCode: string, lines: OrderLine[], over: Partial<FulfilOrderRequest> = {}): FulfilOrderRequest & { invtNo: string } {
  const id = randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase();
  return {
    reference: `ORD-${id}`, warehouseCode, orderNo: `SO${id}`, invtNo: `79012025I${id.slice(0, 9)}`, lines,
    consignee: { name: '李华', telephone: '13900139000', address: '四川省成都市双流区 2 号' }, logisticsNo: `YT${id}`, ...over,
  };
}

type Fixture<InReq extends AnnounceInboundRequest> = Pick<WarehouseContractHarness<InReq, InboundBooking, FulfilOrderRequest>, 'port' | 'warehouseCode' | 'inbound' | 'keepStock'>;

/**
 * What every warehouse simulator does beyond the contract: the stock ledger at GET /_stock, the
 * `damaged`, `undeliverable` and `hold-shipping` scenarios, cancelled inbounds never received,
 * duplicate order numbers, outages (503, retryable), validation and the idempotency-key header.
 */
export function warehouseSimulatorSuite<InReq extends AnnounceInboundRequest>(name: string, sim: SimulatorFixture<unknown>, make: () => Fixture<InReq>): void {
  describe(`${name} simulator: shared behaviour`, () => {
    const key = () => `k:${randomUUID()}`;
    async function stocked(qty: number, scenario?: { scenario: string; params?: Record<string, unknown> }) {
      const f = make();
      const req = f.inbound([{ sku: freshSku(), qty }]);
      if (scenario) await sim.control('/_control/scenarios', { key: req.reference, ...scenario });
      else await f.keepStock?.(req.reference);
      const booking = await f.port.announceInbound(req, key());
      const [received] = await eventsUntil(sim, req.reference, 'INBOUND_RECEIVED');
      return { f, req, booking, sku: req.lines[0]!.sku, received };
    }
    const balance = (m: Movement) => [m.kind, m.qty, m.onHand, m.reserved, m.available];

    it('keeps every movement with the running balance of its warehouse and SKU (GET /_stock)', async () => {
      const { f, sku } = await stocked(4);
      const held = orderFor(f.warehouseCode, [{ sku, qty: 1 }]);
      await sim.control('/_control/scenarios', { key: held.reference, scenario: 'hold-shipping' });
      const a = await f.port.fulfilOrder(held, key());
      await f.port.cancelOrder({ outboundNo: a.outboundNo, reason: 'buyer cancelled' }, key());
      const shipped = orderFor(f.warehouseCode, [{ sku, qty: 2 }]);
      const b = await f.port.fulfilOrder(shipped, key());
      await eventsUntil(sim, shipped.reference, 'ORDER_DELIVERED');
      const { returnNo } = await f.port.returnOrder({ outboundNo: b.outboundNo, lines: [{ sku, qty: 1 }], reason: 'wrong size' }, key());
      const { movements, balances } = await readStock(sim.baseUrl, { warehouseCode: f.warehouseCode, sku });
      expect(movements.map(balance)).toEqual([
        ['RECEIVED', 4, 4, 0, 4], ['RESERVED', 1, 4, 1, 3], ['CANCELLED', 1, 4, 0, 4],
        ['RESERVED', 2, 4, 2, 2], ['SHIPPED', 2, 2, 0, 2], ['RETURNED', 1, 3, 0, 3],
      ]);
      expect(movements.map((m) => m.document).slice(1)).toEqual([a.outboundNo, a.outboundNo, b.outboundNo, b.outboundNo, returnNo]);
      expect(balances).toEqual([{ warehouseCode: f.warehouseCode, sku, onHand: 3, reserved: 0, available: 3 }]);
    });

    it('receives some units damaged under the damaged scenario; they never become stock', async () => {
      const { f, sku, received } = await stocked(10, { scenario: 'damaged', params: { share: 0.2 } });
      expect(received).toMatchObject({ type: 'INBOUND_RECEIVED', lines: [{ sku, qtyReceived: 8, qtyDamaged: 2 }] });
      const [first] = (await readStock(sim.baseUrl, { warehouseCode: f.warehouseCode, sku })).movements;
      expect(first).toMatchObject({ kind: 'RECEIVED', qty: 8, damaged: 2, onHand: 8 });
    });

    it('brings an undeliverable parcel back into stock: ORDER_SHIPPED, then ORDER_RETURNED', async () => {
      const { f, sku } = await stocked(3);
      const o = orderFor(f.warehouseCode, [{ sku, qty: 2 }]);
      await sim.control('/_control/scenarios', { key: o.reference, scenario: 'undeliverable' });
      const { outboundNo } = await f.port.fulfilOrder(o, key());
      const events = await eventsUntil(sim, o.reference, 'ORDER_RETURNED');
      expect(events.map((e) => e.type)).toEqual(['ORDER_SHIPPED', 'ORDER_RETURNED']);
      expect(events[1]).toMatchObject({ outboundNo, orderNo: o.orderNo, reason: 'UNDELIVERABLE', lines: [{ sku, qty: 2 }] });
      expect(await f.port.stock({ warehouseCode: f.warehouseCode, sku })).toEqual([{ sku, onHand: 3, reserved: 0, available: 3 }]);
      const late = await rejection(f.port.returnOrder({ outboundNo, lines: [{ sku, qty: 1 }], reason: 'again' }, key()));
      expect(late).toMatchObject({ code: E.ReturnExceedsShipped });
    });

    it('never receives an inbound cancelled before its goods arrived', async () => {
      const f = make();
      const soon = new Date(Date.now() + 150).toISOString();
      const cancelled = f.inbound([{ sku: freshSku(), qty: 2 }], { expectedAt: soon } as Partial<InReq>);
      const { inboundNo } = await f.port.announceInbound(cancelled, key());
      await f.port.cancelInbound({ inboundNo, reason: 'withdrawn' }, key());
      const later = f.inbound([{ sku: freshSku(), qty: 2 }], { expectedAt: new Date(Date.parse(soon) + 50).toISOString() } as Partial<InReq>);
      await f.keepStock?.(later.reference);
      await f.port.announceInbound(later, key());
      await eventsUntil(sim, later.reference, 'INBOUND_RECEIVED');
      expect(deliveriesOf(sim, cancelled.reference)).toEqual([]);
      expect((await readStock(sim.baseUrl, { reference: cancelled.reference })).movements).toEqual([]);
    });

    it('refuses a second order with the same order number unless the first was cancelled', async () => {
      const { f, sku } = await stocked(5);
      const first = orderFor(f.warehouseCode, [{ sku, qty: 1 }]);
      await sim.control('/_control/scenarios', { key: first.reference, scenario: 'hold-shipping' });
      const { outboundNo } = await f.port.fulfilOrder(first, key());
      const again = { ...orderFor(f.warehouseCode, [{ sku, qty: 1 }]), orderNo: first.orderNo };
      expect(await rejection(f.port.fulfilOrder(again, key()))).toMatchObject({ code: E.DuplicateOrder, status: 409 });
      await f.port.cancelOrder({ outboundNo, reason: 'corrected' }, key());
      expect((await f.port.fulfilOrder(again, key())).outboundNo).not.toBe(outboundNo);
    });

    it('answers 503 during an outage, which the client reports as retryable', async () => {
      const f = make();
      const req = f.inbound([{ sku: freshSku(), qty: 1 }]);
      await sim.control('/_control/outage', { durationMs: 60_000 });
      try {
        expect(await rejection(f.port.announceInbound(req, `inbound:${req.reference}`))).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
        expect(await rejection(f.port.stock({ warehouseCode: f.warehouseCode }))).toMatchObject({ retryable: true, status: 503 });
      } finally {
        await sim.control('/_control/outage', {}, 'DELETE');
      }
      expect((await f.port.announceInbound(req, `inbound:${req.reference}`)).inboundNo).not.toBe('');
    });

    it('validates requests and requires an idempotency key', async () => {
      const f = make();
      const sku = freshSku();
      const zero = await rejection(f.port.announceInbound(f.inbound([{ sku, qty: 0 }]), key()));
      expect(zero).toMatchObject({ code: E.InvalidRequest, retryable: false, status: 400 });
      const twice = await rejection(f.port.fulfilOrder(orderFor(f.warehouseCode, [{ sku, qty: 1 }, { sku, qty: 2 }]), key()));
      expect(twice).toMatchObject({ code: E.InvalidRequest, status: 400 });
      const res = await fetch(`${sim.baseUrl}/v1/inbounds`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f.inbound([{ sku, qty: 1 }])) });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: E.IdempotencyKeyRequired });
    });

    it('forgets documents and stock on reset', async () => {
      const { f, sku, booking } = await stocked(2);
      await sim.control('/_control/reset', {});
      expect(await f.port.stock({ warehouseCode: f.warehouseCode, sku })).toEqual([{ sku, onHand: 0, reserved: 0, available: 0 }]);
      const gone = await rejection(f.port.cancelInbound({ inboundNo: booking.inboundNo, reason: 'test' }, key()));
      expect(gone).toMatchObject({ code: E.InboundNotFound, status: 404 });
    });
  });
}
