import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejection, useSimulator } from '../kit/testing.js';
import { warehouseContractSuite } from '../warehouse/contract.js';
import type { AnnounceInboundRequest, OrderLine } from '../warehouse/port.js';
import { deliveriesOf, eventsUntil, freshSku, orderFor, warehouseSimulatorSuite } from '../warehouse/testing.js';
import { createBondedWarehouseClient } from './client.js';
import { BondedWarehouseErrorCode, type BondedOrderRequest, type BondedWarehousePort } from './port.js';
import { BONDED_WAREHOUSES, createBondedWarehouseSimulator, DEFAULT_BONDED_WAREHOUSE } from './simulator.js';

const TIME_SCALE = 8_640_000; // a business day lasts 10 ms
const sim = useSimulator((callback) => createBondedWarehouseSimulator({ timeScale: TIME_SCALE, callback }), {
  secret: 'bonded-warehouse-callback-secret',
  path: '/callbacks/bonded-warehouse',
});
let port: BondedWarehousePort;
beforeAll(() => {
  port = createBondedWarehouseClient({ baseUrl: sim.baseUrl });
});

const inbound = (lines: OrderLine[], over: Partial<AnnounceInboundRequest> = {}): AnnounceInboundRequest => ({
  reference: `IMP-${randomUUID().slice(0, 8)}`,
  warehouseCode: DEFAULT_BONDED_WAREHOUSE,
  lines: lines.map(({ sku, qty }) => ({ sku, qty, name: `Imported goods ${sku}` })),
  carrierBookingNo: 'CRCD20250601001',
  ...over,
});
const fixture = () => ({ port, warehouseCode: DEFAULT_BONDED_WAREHOUSE, inbound });

warehouseContractSuite('bonded-warehouse', async () => ({
  ...fixture(),
  ledger: sim.ledger,
  unknownWarehouseCode: 'DAX-BLC-01',
  deliveries: async (reference) => deliveriesOf(sim, reference),
  holdShipping: (reference) => sim.control('/_control/scenarios', { key: reference, scenario: 'hold-shipping' }),
}));

warehouseSimulatorSuite('bonded-warehouse', sim, fixture);

describe('bonded-warehouse simulator', () => {
  it('answers the centre, the bonded account book (emsNo) and the warehouse enterprise of the Chengdu default', async () => {
    const booking = await port.announceInbound(inbound([{ sku: freshSku(), qty: 2 }]), `k:${randomUUID()}`);
    const chengdu = BONDED_WAREHOUSES.find((w) => w.code === DEFAULT_BONDED_WAREHOUSE)!;
    expect(booking).toMatchObject({ warehouseCode: 'CTU-BLC-01', emsNo: chengdu.emsNo, areaCode: chengdu.areaCode, customsCode: '7901' });
    expect(booking.centre).toContain('保税物流中心（B型）');
  });

  it('lets an order out only with its released import list number (invtNo)', async () => {
    const { invtNo: _, ...withoutList } = orderFor(DEFAULT_BONDED_WAREHOUSE, [{ sku: freshSku(), qty: 1 }]);
    const err = await rejection(port.fulfilOrder(withoutList as BondedOrderRequest, `k:${randomUUID()}`));
    expect(err).toMatchObject({ code: BondedWarehouseErrorCode.InvalidRequest, status: 400 });
  });

  it('keeps bonded stock until consumer orders take it: no sales of its own', async () => {
    const sku = freshSku();
    const req = inbound([{ sku, qty: 6 }]);
    await port.announceInbound(req, `shipment:${req.reference}:warehouse-inbound`);
    await eventsUntil(sim, req.reference, 'INBOUND_RECEIVED');
    const o = orderFor(DEFAULT_BONDED_WAREHOUSE, [{ sku, qty: 1 }]);
    await port.fulfilOrder(o, `shipment:${o.reference}:warehouse-fulfil`);
    await eventsUntil(sim, o.reference, 'ORDER_DELIVERED');
    expect(deliveriesOf(sim, req.reference).map((d) => d.event.type)).toEqual(['INBOUND_RECEIVED']);
    expect(await port.stock({ warehouseCode: DEFAULT_BONDED_WAREHOUSE, sku })).toEqual([{ sku, onHand: 5, reserved: 0, available: 5 }]);
  });

  it('runs the centres it is configured with (a Dazhou centre once approved)', async () => {
    const dazhou = { ...BONDED_WAREHOUSES[0]!, code: 'DAX-BLC-01', centre: 'Dazhou Bonded Logistics Centre (B-type) (planned)' };
    const configured = createBondedWarehouseSimulator({ timeScale: TIME_SCALE, warehouses: [dazhou] });
    try {
      const post = (warehouseCode: string) =>
        configured.app.inject({ method: 'POST', url: '/v1/inbounds', headers: { 'idempotency-key': randomUUID() }, payload: inbound([{ sku: freshSku(), qty: 1 }], { warehouseCode }) });
      expect((await post('DAX-BLC-01')).json()).toMatchObject({ warehouseCode: 'DAX-BLC-01', centre: dazhou.centre });
      expect((await post(DEFAULT_BONDED_WAREHOUSE)).json()).toMatchObject({ code: BondedWarehouseErrorCode.UnknownWarehouse });
    } finally {
      await configured.app.close();
    }
  });
});
