import type { RefundApplication, TaxPort } from '../adapters/tax/port.js';
import type { Db } from '../db/client.js';
import { zoneRefundRules } from '../db/refund-rates.js';
import { lineTotal, type ShipmentInput } from '../domain/shipment.js';
import { unitName } from '../domain/codes.js';
import { EXPORT_REFUND_RATES, refundRateOn } from '../domain/export/refund-rates.js';
import { callOutside } from './failures.js';

/** A filed refund application, with the number it was filed under (报关单号 ENTRY, or ⚠ the inventory number). */
export type RefundApplied = RefundApplication & { declarationNo?: string; declarationKind?: 'ENTRY' | 'INVENTORY' };
/** Nothing filed: a line's HS code has no known refund rate on the export date. */
export interface RefundHeld {
  status: 'HELD_UNKNOWN_RATE';
  hsCodes: string[];
  exportDate: string;
}

export const createTaxActivities = (deps: { tax: TaxPort; db: Db }) => ({
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
   * Applies for the export VAT refund of a B2B export (9710/9810). The FOB value in CNY per line is
   * the declared CNY value shared out by line value.
   * - The refund files under the customs declaration number (报关单号, entryId) the summary
   *   declaration wrote on the shipment (docs/reference/domain-rules.md §3.1 condition 2, §4.3; db/summaries.ts),
   *   ⚠ else under the inventory number the workflow passes (see the report of issue 16 item 2).
   * - The rate comes from the HS code on the (China) export date: the zone's loaded rates first,
   *   then the built-in table (domain/export/refund-rates.ts). A line with no known rate is never
   *   guessed (§3.2): nothing is filed and the answer is HELD_UNKNOWN_RATE with the codes, so the
   *   workflow holds the refund for ops (workflows/shipment/refund.ts).
   */
  async applyExportRefund(req: {
    shipmentId: string;
    input: ShipmentInput;
    declarationNo: string;
    exportDate: string;
    fxReceived: boolean;
    businessType?: 'HWC-YT';
    idempotencyKey: string;
  }): Promise<RefundApplied | RefundHeld> {
    const { request, enterprise } = req.input;
    if (request.mode !== '9710' && request.mode !== '9810') throw new Error(`export refund applications are for 9710/9810 shipments, not ${request.mode}`);
    const total = request.items.reduce((sum, i) => sum + lineTotal(i.qty, i.unitPrice), 0);
    // free lines (gifts, price 0) carry no FOB value and so no refund: they are left out
    const items = request.items.filter((item) => total > 0 && lineTotal(item.qty, item.unitPrice) > 0);
    // zone rows first: on the same prefix and date they win over the built-in rows
    const table = [...(await zoneRefundRules(deps.db, items.map((i) => i.hsCode))), ...EXPORT_REFUND_RATES];
    const rates = items.map((item) => refundRateOn(item.hsCode, req.exportDate, table));
    const unknown = [...new Set(items.filter((_, i) => rates[i] === undefined).map((item) => item.hsCode))];
    if (unknown.length > 0) return { status: 'HELD_UNKNOWN_RATE', hsCodes: unknown, exportDate: req.exportDate };
    const row = await deps.db.shipment.findUnique({ where: { id: req.shipmentId }, select: { entryId: true } });
    const declarationNo = row?.entryId ?? req.declarationNo;
    const application = await callOutside(() =>
      deps.tax.applyRefund(
        {
          reference: req.shipmentId,
          enterprise: { code: enterprise.customsCode, name: enterprise.name },
          declarationNo,
          exportDate: req.exportDate,
          fxReceived: req.fxReceived,
          ...(req.businessType ? { businessType: req.businessType } : {}),
          lines: items.map((item, i) => ({
            hsCode: item.hsCode,
            goodsName: item.name,
            qty: String(item.qty),
            unit: unitName(item.unit),
            fobAmountCny: ((lineTotal(item.qty, item.unitPrice) / total) * request.declaredValueCny).toFixed(2),
            refundRate: (rates[i]!.rateBp / 10_000).toFixed(4),
          })),
        },
        req.idempotencyKey,
      ),
    );
    return { ...application, declarationNo, declarationKind: row?.entryId ? 'ENTRY' : 'INVENTORY' };
  },
  /** Where a refund application stands (the bureau only offers polling). */
  async checkRefundStatus(req: { applicationNo: string }) {
    return callOutside(() => deps.tax.refundStatus(req.applicationNo));
  },
});
