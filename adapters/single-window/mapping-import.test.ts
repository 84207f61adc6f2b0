// The 1210 import inventory (CEB621) the platform builds: what ceb-messages.md §7.2 requires of a
// bonded import, and insurance in the dutiable price (domain-rules.md §2.2).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOrderFigures } from '../../domain/import/order.js';
import { ShipmentCreate, type ImportShipment } from '../../domain/shipment.schema.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import { parseRequest, validateRequest, type Ceb621Inventory } from './ceb/index.js';
import { documentRequest, exampleShipment } from './fixtures.js';
import { buildCustomsMessage } from './mapping.js';

const example = JSON.parse(readFileSync(new URL('../../examples/shipment-1210.json', import.meta.url), 'utf8')) as ImportShipment;
const input = (request: ImportShipment): ShipmentInput => ({ ...exampleShipment(), request: ShipmentCreate.parse(request) }) as ShipmentInput;
const inventory = (request: ImportShipment) => {
  const xml = buildCustomsMessage(documentRequest(input(request), 'IMPORT_INVENTORY', {})).xml;
  return { xml, parsed: parseRequest(xml), entity: parseRequest(xml).entities[0] as unknown as Ceb621Inventory };
};

describe('CEB621 for a 1210 bonded import (ceb-messages.md §7.2)', () => {
  it('carries the account book, the warehouse enterprise and each line\'s item record number', () => {
    const { entity, parsed } = inventory(example);
    expect(entity.InventoryHead).toMatchObject({
      tradeMode: '1210', emsNo: example.warehouse.emsNo, areaCode: example.warehouse.areaCode, areaName: example.warehouse.areaName,
    });
    expect(entity.InventoryList.map((l) => l.itemRecordNo)).toEqual(example.items.map((i) => i.itemRecordNo));
    // valid once signed: the signature is the only thing missing (ceb-messages.md §4)
    expect(validateRequest('CEB621Message', parsed).map((p) => p.path)).toEqual(['ds:Signature']);
  });

  it('writes the insurance actually charged (insuredFee, 0 when none)', () => {
    expect(inventory(example).entity.InventoryHead.insuredFee).toBe('0');
    expect(inventory({ ...example, insuredFee: 3.5 }).entity.InventoryHead.insuredFee).toBe('3.5');
  });

  it('refuses a 1210 request without them (the field at fault is named)', () => {
    const { areaCode: _a, ...warehouse } = example.warehouse;
    const noArea = ShipmentCreate.safeParse({ ...example, warehouse });
    expect(noArea.success).toBe(false);
    expect(noArea.error?.issues.map((i) => i.path.join('.'))).toEqual(['warehouse.areaCode']);
    const noRecord = ShipmentCreate.safeParse({ ...example, items: example.items.map(({ itemRecordNo: _r, ...i }) => i) });
    expect(noRecord.error?.issues.map((i) => i.path.join('.'))).toEqual(['items.0.itemRecordNo', 'items.1.itemRecordNo']);
  });
});

describe('dutiable price (domain-rules.md §2.2: retail price, freight and insurance)', () => {
  it('adds the insurance to the dutiable price and the tax, not to what the buyer is checked to have paid', () => {
    const without = importOrderFigures(example, '2026-11-26', 0);
    const withInsurance = importOrderFigures({ ...example, insuredFee: 12 }, '2026-11-26', 0);
    expect(withInsurance.dutiableTotalFen - without.dutiableTotalFen).toBe(1200);
    expect(withInsurance.taxTotalFen).toBeGreaterThan(without.taxTotalFen);
    // acturalPaid = goodsValue + freight + taxTotal − discount (CEB311 annotation, §1.7): no insurance term
    const f = withInsurance;
    expect(f.acturalPaidFen).toBe(f.goodsValueFen + f.freightFen + f.taxTotalFen - f.discountFen);
  });
});
