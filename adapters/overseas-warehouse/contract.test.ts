import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../domain/time.js';
import { rejection, useSimulator } from '../kit/testing.js';
import { warehouseContractSuite } from '../warehouse/contract.js';
import type { OrderLine, SalesReportedEvent, WarehouseEvent } from '../warehouse/port.js';
import { deliveriesOf, eventsUntil, freshSku, readStock, warehouseSimulatorSuite } from '../warehouse/testing.js';
import { createOverseasWarehouseClient } from './client.js';
import { OverseasWarehouseErrorCode, type OverseasInboundRequest, type OverseasWarehousePort } from './port.js';
import { createOverseasWarehouseSimulator, OVERSEAS_WAREHOUSES } from './simulator.js';

const TIME_SCALE = 8_640_000; // a business day lasts 10 ms
const sim = useSimulator((callback) => createOverseasWarehouseSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'overseas-warehouse-callback-secret',
  path: '/callbacks/overseas-warehouse',
});
let port: OverseasWarehousePort;
beforeAll(() => {
  port = createOverseasWarehouseClient({ baseUrl: sim.baseUrl });
});

const WAREHOUSE = 'DE-DUI-01';
const inbound = (lines: OrderLine[], over: Partial<OverseasInboundRequest> = {}): OverseasInboundRequest => ({
  reference: `SHP-${randomUUID().slice(0, 8)}`,
  warehouseCode: WAREHOUSE,
  lines: lines.map(({ sku, qty }) => ({ sku, qty, name: `Dazhou goods ${sku}`, unitPrice: '12.50', currency: 'EUR' })),
  ...over,
});
/** Leaves received stock to the test's orders: no sales of its own. */
const keepStock = (reference: string) => sim.control('/_control/scenarios', { key: reference, scenario: 'partial-sales', params: { batches: 0 } });
const fixture = () => ({ port, warehouseCode: WAREHOUSE, inbound, keepStock });

warehouseContractSuite('overseas-warehouse', async () => ({
  ...fixture(),
  ledger: sim.ledger,
  unknownWarehouseCode: 'US-NYC-01',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  holdShipping: (reference) => sim.control('/_control/scenarios', { key: reference, scenario: 'hold-shipping' }),
}));

warehouseSimulatorSuite('overseas-warehouse', sim, fixture);

describe('overseas-warehouse simulator', () => {
  const announce = (req: OverseasInboundRequest) => port.announceInbound(req, `shipment:${req.reference}:warehouse-inbound`);
  const sales = (events: WarehouseEvent[]) => events.filter((e): e is SalesReportedEvent => e.type === 'SALES_REPORTED');
  const soldOf = (events: WarehouseEvent[], sku: string) => sales(events).flatMap((e) => e.lines).filter((l) => l.sku === sku).reduce((n, l) => n + l.qty, 0);

  it('sells received stock every 14 business days, half of what is left (at least a quarter of the inbound) at the declared price × 1.8, until sold out', async () => {
    const [a, b] = [freshSku(), freshSku()];
    const req = { ...inbound([]), lines: [
      { sku: a, name: 'Dazhou lamp-black tea 250 g', qty: 10, unitPrice: '12.50', currency: 'EUR' },
      { sku: b, name: 'Bamboo weave basket', qty: 3, unitPrice: '99.99', currency: 'USD' },
    ] };
    const { inboundNo } = await announce(req);
    const events = await eventsUntil(sim, req.reference, 'STOCK_SOLD_OUT');
    expect(events.map((e) => e.type)).toEqual(['INBOUND_RECEIVED', ...Array<string>(3).fill('SALES_REPORTED'), 'STOCK_SOLD_OUT']);
    const batches = sales(events);
    expect(batches.map((e) => e.batchNo)).toEqual([1, 2, 3].map((n) => `${inboundNo}-S0${n}`));
    expect(batches.map((e) => e.lines.find((l) => l.sku === a)?.qty)).toEqual([5, 3, 2]);
    expect(batches.map((e) => e.lines.find((l) => l.sku === b)?.qty)).toEqual([2, 1, undefined]);
    expect(batches[0]!.lines).toEqual([
      { sku: a, qty: 5, amount: '112.50', currency: 'EUR' },
      { sku: b, qty: 2, amount: '359.96', currency: 'USD' },
    ]);
    expect([soldOf(events, a), soldOf(events, b)]).toEqual([10, 3]);
    // periods follow each other from the receipt, about a fortnight each
    expect(batches[0]!.periodFrom).toBe(events[0]!.at);
    batches.slice(1).forEach((e, i) => expect(e.periodFrom).toBe(batches[i]!.periodTo));
    for (const e of batches) expect((Date.parse(e.periodTo) - Date.parse(e.periodFrom)) * TIME_SCALE).toBeGreaterThanOrEqual(13.5 * DAY);
    expect(deliveriesOf(sim, req.reference).every((d) => d.verified)).toBe(true);
    expect(await port.stock({ warehouseCode: WAREHOUSE, sku: a })).toEqual([{ sku: a, onHand: 0, reserved: 0, available: 0 }]);
    const sold = (await readStock(sim.baseUrl, { sku: a })).movements.filter((m) => m.kind === 'SOLD');
    expect(sold.map((m) => [m.qty, m.onHand])).toEqual([[5, 5], [3, 2], [2, 0]]);
  });

  it('stops reporting after the given batches under partial-sales, leaving stock unsold', async () => {
    const [partial, full] = [inbound([{ sku: freshSku(), qty: 8 }]), inbound([{ sku: freshSku(), qty: 10 }])];
    await sim.control('/_control/scenarios', { key: partial.reference, scenario: 'partial-sales', params: { batches: 2, share: 0.5 } });
    await announce(partial);
    await eventsUntil(sim, partial.reference, 'SALES_REPORTED');
    await announce(full);
    // the other inbound, announced after the partial one's first batch, sells out in three
    // fortnightly batches: by then a third batch of the partial one would have come a period ago
    await eventsUntil(sim, full.reference, 'STOCK_SOLD_OUT');
    const events = deliveriesOf(sim, partial.reference).map((d) => d.event);
    expect(events.map((e) => e.type)).toEqual(['INBOUND_RECEIVED', 'SALES_REPORTED', 'SALES_REPORTED']);
    expect(sales(events).map((e) => e.lines[0]!.qty)).toEqual([4, 2]);
    const sku = partial.lines[0]!.sku;
    expect(await port.stock({ warehouseCode: WAREHOUSE, sku })).toEqual([{ sku, onHand: 2, reserved: 0, available: 2 }]);
  });

  it('sells only the units received in good order under the damaged scenario', async () => {
    const req = inbound([{ sku: freshSku(), qty: 10 }]);
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'damaged', params: { share: 0.3 } });
    await announce(req);
    const events = await eventsUntil(sim, req.reference, 'STOCK_SOLD_OUT');
    expect(events[0]).toMatchObject({ type: 'INBOUND_RECEIVED', lines: [{ qtyReceived: 7, qtyDamaged: 3 }] });
    expect(soldOf(events, req.lines[0]!.sku)).toBe(7);
  });

  it('sells what orders left: an order shipped from the same stock is not sold again', async () => {
    const sku = freshSku();
    const req = inbound([{ sku, qty: 4 }]);
    await announce(req);
    await eventsUntil(sim, req.reference, 'INBOUND_RECEIVED');
    const order = { reference: `ORD-${randomUUID().slice(0, 8)}`, warehouseCode: WAREHOUSE, orderNo: `AMZ-${randomUUID().slice(0, 8)}`, lines: [{ sku, qty: 3 }],
      consignee: { name: 'Anna Schmidt', telephone: '+49 203 1234567', address: 'Königstraße 1, 47051 Duisburg' }, logisticsNo: `DHL${randomUUID().slice(0, 8)}` };
    await port.fulfilOrder(order, `order:${order.reference}`);
    const events = await eventsUntil(sim, req.reference, 'STOCK_SOLD_OUT');
    expect(soldOf(events, sku)).toBe(1);
    expect(await port.stock({ warehouseCode: WAREHOUSE, sku })).toEqual([{ sku, onHand: 0, reserved: 0, available: 0 }]);
  });

  it('answers the warehouse it booked into, for each of its warehouses', async () => {
    for (const w of OVERSEAS_WAREHOUSES) {
      const booking = await announce(inbound([{ sku: freshSku(), qty: 1 }], { warehouseCode: w.code }));
      expect(booking).toMatchObject({ warehouseCode: w.code, warehouseName: w.name, country: w.country, address: w.address });
    }
  });

  it('requires the declared unit price and currency on every line (9810 booking order)', async () => {
    const req = inbound([{ sku: freshSku(), qty: 1 }]);
    const { unitPrice: _, ...unpriced } = req.lines[0]!;
    const err = await rejection(announce({ ...req, lines: [unpriced] } as unknown as OverseasInboundRequest));
    expect(err).toMatchObject({ code: OverseasWarehouseErrorCode.InvalidRequest, status: 400 });
    const badCode = await rejection(announce({ ...req, warehouseCode: 'DUISBURG' }));
    expect(badCode).toMatchObject({ code: OverseasWarehouseErrorCode.InvalidRequest, status: 400 });
  });
});
