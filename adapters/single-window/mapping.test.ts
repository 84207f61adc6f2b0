import { describe, expect, it } from 'vitest';
import type { DocType } from '../../domain/customs.js';
import { ShipmentCreate } from '../../domain/shipment.schema.js';
import { parseRequest, validateRequest, type CebRequestEntityMap } from './ceb/index.js';
import { documentRequest, exampleShipment } from './contract.js';
import { buildCustomsMessage, guidFor } from './mapping.js';

const input = exampleShipment();
const r = input.request;
const extra = { bookingNo: 'BK2024030100012', conveyanceRef: 'X8001', invtNo: '79012024E000000042', reason: '买家取消订单' };
const ALL: DocType[] = ['ORDER', 'PAYMENT_RECEIPT', 'WAYBILL', 'INVENTORY', 'INVENTORY_CANCEL', 'ARRIVAL', 'DEPARTURE'];

function built<T extends keyof CebRequestEntityMap>(docType: DocType, type: T, over = input) {
  const req = documentRequest(over, docType, extra);
  const msg = buildCustomsMessage(req);
  const parsed = parseRequest(msg.xml);
  expect(parsed.messageType).toBe(type);
  expect(validateRequest(type, parsed)).toEqual([]);
  return { req, msg, parsed, entity: parsed.entities[0] as CebRequestEntityMap[T] };
}

describe('buildCustomsMessage', () => {
  it('uses a fixture the API would accept', () => {
    expect(ShipmentCreate.safeParse(r).success).toBe(true);
  });

  it.each(ALL)('%s: valid XML, guid from the idempotency key, BaseTransfer from the settings', (docType) => {
    const req = documentRequest(input, docType, extra);
    const { xml } = buildCustomsMessage(req);
    const parsed = parseRequest(xml);
    expect(validateRequest(parsed.messageType, parsed)).toEqual([]);
    expect(parsed.guid).toBe(guidFor(req.idempotencyKey));
    expect(parsed.guid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(parsed.baseTransfer).toEqual({ copCode: '5101960A2B', copName: input.settings.dxp.copName, dxpMode: 'DXP', dxpId: 'DXPENT0000012345' });
    expect(buildCustomsMessage({ ...req }).xml).toBe(xml); // retries send byte-identical XML
    expect(buildCustomsMessage({ ...req, idempotencyKey: `${req.idempotencyKey}x` }).xml).not.toBe(xml);
  });

  it('CEB303 order: E-type, platform, enterprise, Σ qty × price, lines from 1', () => {
    const { msg, entity } = built('ORDER', 'CEB303Message');
    expect(entity.OrderHead).toMatchObject({
      appType: '1', appStatus: '2', appTime: '20240301101530', orderType: 'E', orderNo: r.orderNo, ebpCode: '5101960PLT',
      ebpName: '蜀锦跨境商城', ebcCode: '5101960A2B', ebcName: input.enterprise.name, goodsValue: '116.5', freight: '12.5', currency: '300',
    });
    expect(entity.OrderList).toEqual([
      { gnum: 1, itemNo: 'SJ-SILK-01', itemName: '蜀锦真丝围巾', barCode: '6901234567892', unit: '015', currency: '300', qty: '2', price: '39.9', totalPrice: '79.8' },
      { gnum: 2, itemNo: 'SJ-TEA-02', itemName: '竹叶青绿茶', barCode: '无', unit: '011', currency: '300', qty: '2', price: '18.35', totalPrice: '36.7' },
    ]);
    expect(msg).toMatchObject({ messageType: 'CEB303Message', businessKey: `5101960PLT:${r.orderNo}` });
  });

  it('CEB403 receipt of payment: paid through the platform, charge = goods + freight', () => {
    const { msg, entity } = built('PAYMENT_RECEIPT', 'CEB403Message');
    expect(entity).toMatchObject({ payName: '蜀锦跨境商城', charge: '129', currency: '300', accountingDate: '20240301101530', orderNo: r.orderNo });
    expect(msg.businessKey).toBe(`5101960A2B:${r.orderNo}`);
  });

  it('CEB505 waybill: carrier, weights, goods names capped at 200 characters', () => {
    const { msg, entity } = built('WAYBILL', 'CEB505Message');
    expect(entity).toMatchObject({
      logisticsCode: '5101960LGS', logisticsNo: r.logistics.waybillNo, freight: '12.5', insuredFee: '0.8', grossWeight: '2.35',
      packNo: 1, goodsInfo: '蜀锦真丝围巾;竹叶青绿茶', ebcCode: '5101960A2B',
    });
    expect(msg.businessKey).toBe(`5101960LGS:${r.logistics.waybillNo}`);
    const many = exampleShipment({ items: Array.from({ length: 30 }, (_, i) => ({ ...r.items[0]!, sku: `SKU-${i}`, name: `长名称商品第${i}号款式` })) });
    const long = built('WAYBILL', 'CEB505Message', many).entity;
    expect([...long.goodsInfo].length).toBe(200);
  });

  it('CEB603 inventory: 9610 by rail, China date, settings, destination, legal quantities', () => {
    const { msg, entity, req } = built('INVENTORY', 'CEB603Message');
    expect(entity.InventoryHead).toMatchObject({
      customsCode: '7901', portCode: '7901', ieFlag: 'E', ieDate: '20240301', statisticsFlag: 'A', tradeMode: '9610', trafMode: '3',
      copNo: req.copNo, agentCode: '5101960A2B', ownerCode: '5101960A2B', country: '304', POD: 'DUI', fFlag: '3', iFlag: '3',
      wrapType: '2', packNo: 1, grossWeight: '2.35', netWeight: '2.1', fCurrency: '300', iCurrency: '300',
    });
    expect(entity.InventoryList[1]).toMatchObject({
      gnum: 2, itemNo: 'SJ-TEA-02', gcode: '0902109000', gname: '竹叶青绿茶', gmodel: '250g/罐|峨眉山', barCode: '无', country: '304',
      qty: '2', qty1: '0.5', unit: '011', unit1: '035', price: '18.35', totalPrice: '36.7',
    });
    expect(msg.businessKey).toBe(req.copNo);
    const late = buildCustomsMessage({ ...req, sentAt: '2024-03-01T17:30:00.000Z' });
    expect(late.xml).toContain('<ceb:ieDate>20240302</ceb:ieDate>'); // already the 2nd in China
  });

  it('uses the customs broker as agent when there is one', () => {
    const agented = exampleShipment({ agent: { code: '5101980AGT', name: '成都报关行' } });
    expect(built('INVENTORY', 'CEB603Message', agented).entity.InventoryHead).toMatchObject({ agentCode: '5101980AGT', agentName: '成都报关行' });
  });

  it('CEB605 cancellation: invtNo and reason from extra, invtNo required', () => {
    const { msg, entity, req } = built('INVENTORY_CANCEL', 'CEB605Message');
    expect(entity).toMatchObject({ invtNo: extra.invtNo, reason: '买家取消订单', copNo: req.copNo, customsCode: '7901' });
    expect(msg.businessKey).toBe(req.copNo);
    expect(() => buildCustomsMessage(documentRequest(input, 'INVENTORY_CANCEL', { reason: 'x' }))).toThrow(/extra\.invtNo/);
  });

  it('CEB507 arrival and CEB509 departure: booking and conveyance, one waybill line', () => {
    const arrival = built('ARRIVAL', 'CEB507Message').entity;
    expect(arrival.ArrivalHead).toMatchObject({
      operatorCode: '5101960LGS', ieFlag: 'E', trafMode: '3', billNo: extra.bookingNo, domesticTrafNo: 'X8001', msgCount: 1, msgSeqNo: 1,
    });
    expect(arrival.ArrivalList).toEqual([{ gnum: 1, logisticsNo: r.logistics.waybillNo }]);
    const noTrain = buildCustomsMessage(documentRequest(input, 'ARRIVAL', { bookingNo: 'BK1' }));
    expect(noTrain.xml).toContain('<ceb:domesticTrafNo>BK1</ceb:domesticTrafNo>');
    const departure = built('DEPARTURE', 'CEB509Message').entity;
    expect(departure.DepartureHead).toMatchObject({ trafMode: '3', trafName: 'X8001', billNo: extra.bookingNo, leaveTime: '20240301101530', msgCount: 1 });
    expect(departure.DepartureList).toEqual([{ gnum: 1, logisticsNo: r.logistics.waybillNo }]);
  });

  it('reads the conveyance under its rail-era name trainNo from document inputs scheduled before the rename', () => {
    const old = { bookingNo: extra.bookingNo, trainNo: 'X8002' };
    expect(buildCustomsMessage(documentRequest(input, 'ARRIVAL', old)).xml).toContain('<ceb:domesticTrafNo>X8002</ceb:domesticTrafNo>');
    expect(buildCustomsMessage(documentRequest(input, 'DEPARTURE', old)).xml).toContain('<ceb:trafName>X8002</ceb:trafName>');
  });
});
