// Shipment fixtures for Single Window tests and tools (no vitest here, so scripts can use them).
import { randomUUID } from 'node:crypto';
import type { SubmitDocumentRequest } from './port.js';
import { copNo, REQUEST_MESSAGE, type DocExtra, type DocType } from '../../domain/customs.js';
import type { ShipmentInput } from '../../domain/shipment.js';

/** A realistic 9610 rail export (Chengdu → Duisburg), unique order and waybill numbers per call. */
export function exampleShipment(over: Partial<Extract<ShipmentInput['request'], { mode: '9610' }>> = {}): ShipmentInput {
  const tag = randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase();
  return {
    shipmentId: `shp_${tag.toLowerCase()}`,
    enterprise: { id: 'ent_1', name: '成都蜀锦跨境电子商务有限公司', customsCode: '5101960A2B' },
    acceptedAt: '2024-03-01T01:30:00.000Z',
    settings: {
      timeScale: 1, customsCode: '7901', portCode: '7901', statisticsFlag: 'A', requirePaymentReceipt: false,
      dxp: { copCode: '5101960A2B', copName: '成都蜀锦跨境电子商务有限公司', dxpId: 'DXPENT0000012345' },
    },
    request: {
      mode: '9610' as const, orderNo: `SO${tag}`, corridor: 'CR_EXPRESS_CHENGDU', currency: 'EUR',
      platform: { code: '5101960PLT', name: '蜀锦跨境商城' },
      logistics: { code: '5101960LGS', name: '中铁国际多式联运有限公司', waybillNo: `CR${tag}` },
      destination: { country: '304', port: 'DUI' },
      freight: 12.5, insuredFee: 0.8, grossWeightKg: 2.35, netWeightKg: 2.1, packages: 1,
      items: [
        {
          sku: 'SJ-SILK-01', name: '蜀锦真丝围巾', hsCode: '6214100010', model: '100%桑蚕丝|蜀锦|180x55cm', barCode: '6901234567892',
          unit: '015', legalUnit: '035', legalQty: 0.12, qty: 2, unitPrice: 39.9,
        },
        { sku: 'SJ-TEA-02', name: '竹叶青绿茶', hsCode: '0902109000', model: '250g/罐|峨眉山', unit: '011', legalUnit: '035', legalQty: 0.5, qty: 2, unitPrice: 18.35 },
      ],
      ...over,
    },
  };
}

/** What the workflow's submitDocument activity receives for one document. */
export function documentRequest(input: ShipmentInput, docType: DocType, extra: DocExtra = {}, revision = 0, sentAt = '2024-03-01T02:15:30.000Z'): SubmitDocumentRequest {
  return {
    shipmentId: input.shipmentId, input, docType, revision, copNo: copNo(input.shipmentId, docType, revision),
    sentAt, idempotencyKey: `${input.shipmentId}:${REQUEST_MESSAGE[docType]}:r${revision}`, extra,
  };
}

/** A CEB604 receipt declared gb2312 whose returnInfo is 逻辑校验通过 in GBK bytes. */
export const GB2312_RECEIPT = Buffer.concat([
  Buffer.from(`<?xml version="1.0" encoding="gb2312"?>\n<CEB604Message xmlns="http://www.chinaport.gov.cn/ceb" guid="R-2" version="1.0"><InventoryReturn><guid>G-2</guid>` +
    '<copNo>COP-1</copNo><returnStatus>120</returnStatus><returnTime>20200615171556605</returnTime><returnInfo>', 'latin1'),
  Buffer.from('c2dfbcadd0a3d1e9cda8b9fd', 'hex'), // 逻辑校验通过 in GBK
  Buffer.from('</returnInfo></InventoryReturn></CEB604Message>', 'latin1'),
]);
