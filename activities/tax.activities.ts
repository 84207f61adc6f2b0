import type { TaxPort } from '../adapters/tax/port.js';
import { lineTotal, type ShipmentInput } from '../domain/shipment.js';
import { unitName } from '../domain/codes.js';
import { callOutside } from './failures.js';

export const createTaxActivities = (deps: { tax: TaxPort }) => ({
  /** Records the export under the pilot zone's no-invoice exemption (无票免征, §3.4). */
  async recordTaxExemption(req: { shipmentId: string; input: ShipmentInput; invtNo: string; exportDate: string; idempotencyKey: string }) {
    const { request, enterprise } = req.input;
    return callOutside(() =>
      deps.tax.recordExemption(
        {
          reference: req.shipmentId,
          enterprise: { code: enterprise.customsCode, name: enterprise.name },
          invtNo: req.invtNo,
          exportDate: req.exportDate,
          lines: request.items.map((item) => ({
            goodsName: item.name,
            unit: unitName(item.unit),
            qty: String(item.qty),
            unitPrice: String(item.unitPrice),
            amount: lineTotal(item.qty, item.unitPrice).toFixed(2),
            currency: request.currency,
          })),
        },
        req.idempotencyKey,
      ),
    );
  },
});
