import type { TaxPort } from '../adapters/tax/port.js';
import { lineTotal, type ShipmentInput } from '../domain/shipment.js';
import { unitName } from '../domain/codes.js';
import { refundRateOn } from '../domain/export/refund-rates.js';
import { callOutside } from './failures.js';

export const createTaxActivities = (deps: { tax: TaxPort }) => ({
  /** Records the export under the pilot zone's no-invoice exemption (无票免征, §3.4). */
  async recordTaxExemption(req: { shipmentId: string; input: ShipmentInput; invtNo: string; exportDate: string; idempotencyKey: string }) {
    const { request, enterprise } = req.input;
    if (request.mode === '1210') throw new Error('the no-invoice exemption is for exports, not 1210 imports');
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
  /**
   * Applies for the export VAT refund of a B2B export (9710). The FOB value in CNY per line is
   * the declared CNY value shared out by line value; the rate comes from the HS code on the
   * export date (domain/export/refund-rates.ts; unknown codes count as 0 %).
   */
  async applyExportRefund(req: {
    shipmentId: string;
    input: ShipmentInput;
    declarationNo: string;
    exportDate: string;
    fxReceived: boolean;
    businessType?: 'HWC-YT';
    idempotencyKey: string;
  }) {
    const { request, enterprise } = req.input;
    if (request.mode !== '9710' && request.mode !== '9810') throw new Error(`export refund applications are for 9710/9810 shipments, not ${request.mode}`);
    const total = request.items.reduce((sum, i) => sum + lineTotal(i.qty, i.unitPrice), 0);
    return callOutside(() =>
      deps.tax.applyRefund(
        {
          reference: req.shipmentId,
          enterprise: { code: enterprise.customsCode, name: enterprise.name },
          declarationNo: req.declarationNo,
          exportDate: req.exportDate,
          fxReceived: req.fxReceived,
          ...(req.businessType ? { businessType: req.businessType } : {}),
          // free lines (gifts, price 0) carry no FOB value and so no refund: they are left out
          lines: request.items.filter((item) => total > 0 && lineTotal(item.qty, item.unitPrice) > 0).map((item) => ({
            hsCode: item.hsCode,
            goodsName: item.name,
            qty: String(item.qty),
            unit: unitName(item.unit),
            fobAmountCny: ((lineTotal(item.qty, item.unitPrice) / total) * request.declaredValueCny).toFixed(2),
            refundRate: ((refundRateOn(item.hsCode, req.exportDate)?.rateBp ?? 0) / 10_000).toFixed(4),
          })),
        },
        req.idempotencyKey,
      ),
    );
  },
  /** Where a refund application stands (the bureau only offers polling). */
  async checkRefundStatus(req: { applicationNo: string }) {
    return callOutside(() => deps.tax.refundStatus(req.applicationNo));
  },
});
