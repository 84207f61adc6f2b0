import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, eventually, rejection, type ContractHarness } from '../kit/testing.js';
import {
  WarehouseErrorCode as E,
  type AnnounceInboundRequest,
  type FulfilOrderRequest,
  type InboundBooking,
  type OrderLine,
  type WarehouseEvent,
  type WarehouseEventType,
  type WarehousePort,
} from './port.js';

/** One event callback as the platform received it. */
export interface WarehouseDelivery {
  verified: boolean;
  event: WarehouseEvent;
}

export interface WarehouseContractHarness<
  InReq extends AnnounceInboundRequest = AnnounceInboundRequest,
  In extends InboundBooking = InboundBooking,
  OutReq extends FulfilOrderRequest = FulfilOrderRequest,
> extends ContractHarness<WarehousePort<InReq, In, OutReq>> {
  /** The warehouse the tests book into, and a code the operator does not run. */
  warehouseCode: string;
  unknownWarehouseCode: string;
  /** A valid inbound announcement into `warehouseCode` of these SKUs and quantities, with a fresh reference. */
  inbound(lines: OrderLine[], over?: Partial<InReq>): InReq;
  /** Callbacks received so far for a reference, in arrival order. */
  deliveries(reference: string): Promise<WarehouseDelivery[]>;
  /** Leaves an inbound's stock to the test's orders (the overseas simulator sells received stock by itself). */
  keepStock?(reference: string): Promise<void>;
  /** Keeps an order's parcel from shipping while the test runs (the simulators: scenario `hold-shipping`). */
  holdShipping(reference: string): Promise<void>;
}

const fresh = (prefix: string) => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;

/**
 * What every WarehousePort must do (simulators on every test run; a real warehouse via a
 * contract.live.ts with `timeoutMs` sized to its real handling times): idempotent requests, a
 * different body under a used key refused, goods received into stock, orders reserved atomically
 * out of available stock (two orders racing for the last unit: one wins), shipped and delivered
 * with events in order and signed, cancellations only before receipt / shipping, returns back
 * into stock, unknown documents and warehouses refused.
 */
export function warehouseContractSuite<InReq extends AnnounceInboundRequest, In extends InboundBooking, OutReq extends FulfilOrderRequest>(
  name: string,
  makeHarness: () => Promise<WarehouseContractHarness<InReq, In, OutReq>>,
  opts: { timeoutMs?: number } = {},
): void {
  describeContract(`${name}: WarehousePort contract`, makeHarness, (h) => {
    const events = async (reference: string) => (await h.deliveries(reference)).map((d) => d.event);
    /** The events of a reference once one of them has `type`. */
    const until = (reference: string, type: WarehouseEventType) =>
      eventually(async () => {
        const received = await events(reference);
        return received.some((e) => e.type === type) ? received : undefined;
      }, opts.timeoutMs);
    const stockOf = async (sku: string) => (await h.port.stock({ warehouseCode: h.warehouseCode, sku }))[0];
    const line = (sku: string, onHand: number, reserved = 0) => ({ sku, onHand, reserved, available: onHand - reserved });

    /** Goods of fresh SKUs received into stock, left to the test. */
    async function stocked(...qtys: number[]) {
      const req = h.inbound(qtys.map((qty) => ({ sku: fresh('SKU-'), qty })));
      await h.keepStock?.(req.reference);
      const booking = await h.port.announceInbound(req, `inbound:${req.reference}:announce`);
      await until(req.reference, 'INBOUND_RECEIVED');
      return { req, booking, skus: req.lines.map((l) => l.sku) };
    }
    const order = (lines: OrderLine[]) =>
      ({
        reference: fresh('ORD-'),
        warehouseCode: h.warehouseCode,
        orderNo: fresh('SO'),
        invtNo: `7901${String(Date.now()).slice(-10)}${Math.floor(Math.random() * 1e4)}`.slice(0, 18),
        lines,
        consignee: { name: '王小明', telephone: '13800138000', address: '四川省达州市通川区西外镇 1 号' },
        logisticsNo: fresh('YT'),
      }) as OutReq;
    const fulfil = (o: OutReq) => h.port.fulfilOrder(o, `order:${o.reference}:fulfil`);

    it('books an inbound once per idempotency key and refuses another body under that key', async () => {
      const req = h.inbound([{ sku: fresh('SKU-'), qty: 3 }]);
      const key = `inbound:${req.reference}:announce`;
      const booking = await h.port.announceInbound(req, key);
      expect(booking).toMatchObject({ warehouseCode: h.warehouseCode });
      expect(booking.inboundNo).not.toBe('');
      expect(await h.port.announceInbound(req, key)).toEqual(booking);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'announceInbound', requests: 2 })]);
      const other = await rejection(h.port.announceInbound({ ...req, lines: [{ ...req.lines[0]!, qty: 4 }] }, key));
      expect(other).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422, retryable: false });
    });

    it('receives the goods into available stock and says so in a signed INBOUND_RECEIVED', async () => {
      const { req, booking, skus } = await stocked(7, 2);
      const [received, ...rest] = await events(req.reference);
      expect(rest).toEqual([]);
      expect(received).toMatchObject({
        type: 'INBOUND_RECEIVED', reference: req.reference, inboundNo: booking.inboundNo, warehouseCode: h.warehouseCode,
        lines: [{ sku: skus[0], qtyReceived: 7, qtyDamaged: 0 }, { sku: skus[1], qtyReceived: 2, qtyDamaged: 0 }],
      });
      expect((await h.deliveries(req.reference)).every((d) => d.verified)).toBe(true);
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 7));
      const all = await h.port.stock({ warehouseCode: h.warehouseCode });
      expect(all).toEqual(expect.arrayContaining([line(skus[0]!, 7), line(skus[1]!, 2)]));
    });

    it('cancels an inbound before the goods arrive, and refuses once they were received', async () => {
      const coming = h.inbound([{ sku: fresh('SKU-'), qty: 5 }], { expectedAt: new Date(Date.now() + 86_400_000).toISOString() } as Partial<InReq>);
      const { inboundNo } = await h.port.announceInbound(coming, `inbound:${coming.reference}:announce`);
      const key = `inbound:${coming.reference}:cancel`;
      expect(await h.port.cancelInbound({ inboundNo, reason: 'order withdrawn' }, key)).toEqual({ inboundNo, cancelled: true });
      await h.port.cancelInbound({ inboundNo, reason: 'order withdrawn' }, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'cancelInbound', requests: 2 })]);
      const { booking } = await stocked(1);
      const late = await rejection(h.port.cancelInbound({ inboundNo: booking.inboundNo, reason: 'too late' }, `cancel:${randomUUID()}`));
      expect(late).toMatchObject({ code: E.AlreadyReceived, retryable: false, status: 409 });
    });

    it('fulfils an order from stock: shipped, then delivered, in order and signed, once per key', async () => {
      const { skus } = await stocked(5);
      const o = order([{ sku: skus[0]!, qty: 2 }]);
      const { outboundNo } = await fulfil(o);
      expect(await fulfil(o)).toEqual({ outboundNo });
      expect(await h.ledger(`order:${o.reference}:fulfil`)).toEqual([expect.objectContaining({ operation: 'fulfilOrder', requests: 2 })]);
      const received = await until(o.reference, 'ORDER_DELIVERED');
      expect(received.map((e) => e.type)).toEqual(['ORDER_SHIPPED', 'ORDER_DELIVERED']);
      expect(received[1]).toMatchObject({ outboundNo, orderNo: o.orderNo, logisticsNo: o.logisticsNo, signedBy: expect.any(String) });
      expect(Date.parse(received[1]!.at)).toBeGreaterThanOrEqual(Date.parse(received[0]!.at));
      expect((await h.deliveries(o.reference)).every((d) => d.verified)).toBe(true);
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 3));
    });

    it('refuses an order beyond available stock and reserves none of its lines', async () => {
      const { skus } = await stocked(4, 1);
      const o = order([{ sku: skus[0]!, qty: 2 }, { sku: skus[1]!, qty: 2 }]);
      const err = await rejection(fulfil(o));
      expect(err).toMatchObject({ code: E.InsufficientStock, retryable: false, status: 409 });
      expect(await h.ledger(`order:${o.reference}:fulfil`)).toEqual([]);
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 4));
      const never = await rejection(fulfil(order([{ sku: fresh('SKU-'), qty: 1 }])));
      expect(never).toMatchObject({ code: E.InsufficientStock });
    });

    it('gives the last unit to one of two racing orders', async () => {
      const { skus } = await stocked(1);
      const [a, b] = [order([{ sku: skus[0]!, qty: 1 }]), order([{ sku: skus[0]!, qty: 1 }])];
      await Promise.all([h.holdShipping(a.reference), h.holdShipping(b.reference)]);
      const results = await Promise.allSettled([fulfil(a), fulfil(b)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.reason).toMatchObject({ code: E.InsufficientStock, retryable: false });
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 1, 1));
    });

    it('cancels an order before it ships, restoring the stock, and refuses once shipped', async () => {
      const { skus } = await stocked(5);
      const held = order([{ sku: skus[0]!, qty: 2 }]);
      await h.holdShipping(held.reference);
      const { outboundNo } = await fulfil(held);
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 5, 2));
      const key = `order:${held.reference}:cancel`;
      expect(await h.port.cancelOrder({ outboundNo, reason: 'buyer cancelled' }, key)).toEqual({ outboundNo, cancelled: true });
      await h.port.cancelOrder({ outboundNo, reason: 'buyer cancelled' }, key);
      expect(await h.ledger(key)).toEqual([expect.objectContaining({ operation: 'cancelOrder', requests: 2 })]);
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 5));
      const gone = order([{ sku: skus[0]!, qty: 1 }]);
      const shipped = await fulfil(gone);
      await until(gone.reference, 'ORDER_SHIPPED');
      const late = await rejection(h.port.cancelOrder({ outboundNo: shipped.outboundNo, reason: 'too late' }, `cancel:${randomUUID()}`));
      expect(late).toMatchObject({ code: E.AlreadyShipped, retryable: false, status: 409 });
    });

    it('takes returned units of a shipped order back into stock, no more than were shipped', async () => {
      const { skus } = await stocked(3);
      const o = order([{ sku: skus[0]!, qty: 2 }]);
      const { outboundNo } = await fulfil(o);
      await until(o.reference, 'ORDER_DELIVERED');
      const key = `order:${o.reference}:return`;
      const ret = { outboundNo, lines: [{ sku: skus[0]!, qty: 1 }], reason: 'buyer returned within 30 days' };
      const { returnNo } = await h.port.returnOrder(ret, key);
      expect(await h.port.returnOrder(ret, key)).toEqual({ returnNo });
      expect(await stockOf(skus[0]!)).toEqual(line(skus[0]!, 2));
      const over = await rejection(h.port.returnOrder({ ...ret, lines: [{ sku: skus[0]!, qty: 2 }] }, `return:${randomUUID()}`));
      expect(over).toMatchObject({ code: E.ReturnExceedsShipped, retryable: false });
      const held = order([{ sku: skus[0]!, qty: 1 }]);
      await h.holdShipping(held.reference);
      const notYet = await fulfil(held);
      const early = await rejection(h.port.returnOrder({ ...ret, outboundNo: notYet.outboundNo }, `return:${randomUUID()}`));
      expect(early).toMatchObject({ code: E.NotShipped, retryable: false });
    });

    it('refuses unknown documents and warehouses it does not run', async () => {
      const reason = 'test';
      const cases: [() => Promise<unknown>, string][] = [
        [() => h.port.cancelInbound({ inboundNo: 'XXIN00000000', reason }, `k:${randomUUID()}`), E.InboundNotFound],
        [() => h.port.cancelOrder({ outboundNo: 'XXOUT0000000', reason }, `k:${randomUUID()}`), E.OrderNotFound],
        [() => h.port.returnOrder({ outboundNo: 'XXOUT0000000', lines: [{ sku: 'A', qty: 1 }], reason }, `k:${randomUUID()}`), E.OrderNotFound],
        [() => h.port.announceInbound(h.inbound([{ sku: 'A', qty: 1 }], { warehouseCode: h.unknownWarehouseCode } as Partial<InReq>), `k:${randomUUID()}`), E.UnknownWarehouse],
        [() => h.port.fulfilOrder({ ...order([{ sku: 'A', qty: 1 }]), warehouseCode: h.unknownWarehouseCode }, `k:${randomUUID()}`), E.UnknownWarehouse],
        [() => h.port.stock({ warehouseCode: h.unknownWarehouseCode }), E.UnknownWarehouse],
      ];
      for (const [call, code] of cases) expect(await rejection(call())).toMatchObject({ code, retryable: false });
    });
  });
}
