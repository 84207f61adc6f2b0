import type { ShipmentCreate } from '../../domain/shipment.schema.js';

/** A valid 9610 export: two lines of Dazhou goods to Germany by China–Europe rail via Chengdu. */
export function shipment9610(orderNo: string, overrides: Partial<ShipmentCreate> = {}): ShipmentCreate {
  return {
    mode: '9610',
    orderNo,
    corridor: 'CR_EXPRESS_CHENGDU',
    currency: 'EUR',
    platform: { code: 'P000000003', name: 'Global Marketplace EU' },
    logistics: { code: 'L000000003', name: '达州国际物流有限公司', waybillNo: `WB${orderNo}`.slice(0, 32) },
    destination: { country: '304', port: 'DEU' },
    freight: 12.5,
    insuredFee: 0,
    grossWeightKg: 3.2,
    netWeightKg: 2.9,
    packages: 1,
    items: [
      { sku: 'DZ-TEA-001', name: '达州乌梅茶', hsCode: '0902300000', model: '250g/盒', unit: '011', legalUnit: '035', legalQty: 0.5, qty: 2, unitPrice: 18.9 },
      { sku: 'DZ-BAMBOO-7', name: '竹编收纳篮', hsCode: '4602120000', model: '30x20cm 手工', unit: '011', legalUnit: '011', legalQty: 1, qty: 1, unitPrice: 25 },
    ],
    ...overrides,
  } as ShipmentCreate;
}
