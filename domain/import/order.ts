import type { ImportShipment } from '../shipment.schema.js';
import { chinaDate } from '../time.js';
import { orderTax, type LineTax, type OrderTax } from './tax.js';

/**
 * The money of a 1210 order as the CEB311 order and the CEB411 payment voucher carry it
 * (ceb-messages.md §1.7 amount rule): acturalPaid = goodsValue + freight + taxTotal − discount,
 * equal to the payment's amountPaid. All amounts are integer fen.
 *
 * Dutiable price of a line (完税价格, §2.2: retail price incl. freight and insurance) = its goods
 * value plus its share of the order's freight, shared by goods value with the rounding remainder
 * on the last line. ⚠ How customs shares order-level freight across lines is not in the
 * references; the share by value is an assumption. The non-cash discount does not lower the
 * dutiable price (goodsValue "includes the non-cash deduction", §1.7).
 */
export interface ImportOrderFigures {
  goodsValueFen: number;
  freightFen: number;
  discountFen: number;
  /** Dutiable price per line and in total (what the annual quota counts). */
  dutiableFen: number[];
  dutiableTotalFen: number;
  tax: OrderTax;
  /** Tax per line and total (absent when the order is not CBEC). */
  lineTax?: LineTax[];
  taxTotalFen: number;
  acturalPaidFen: number;
}

export function importOrderFigures(request: ImportShipment, date: string, usedThisYearFen: number): ImportOrderFigures {
  const goods = request.items.map((i) => toFen(i.unitPrice * i.qty));
  const goodsValueFen = goods.reduce((a, b) => a + b, 0);
  const freightFen = toFen(request.freight);
  const discountFen = toFen(request.discount ?? 0);
  let left = freightFen;
  const dutiableFen = goods.map((g, n) => {
    const share = n === goods.length - 1 ? left : goodsValueFen > 0 ? Math.floor((freightFen * g) / goodsValueFen) : 0;
    left -= share;
    return g + share;
  });
  const tax = orderTax({
    date,
    usedThisYearFen,
    lines: request.items.map((i, n) => ({
      dutiableFen: dutiableFen[n]!,
      quantity: i.qty,
      vatRateBp: i.vatRateBp,
      consumptionTaxRateBp: i.consumptionTaxRateBp ?? 0,
      ...(i.tariffRateBp !== undefined ? { tariffRateBp: i.tariffRateBp } : {}),
    })),
  });
  const taxTotalFen = 'total' in tax ? tax.total.totalFen : 0;
  return {
    goodsValueFen,
    freightFen,
    discountFen,
    dutiableFen,
    dutiableTotalFen: dutiableFen.reduce((a, b) => a + b, 0),
    tax,
    ...('lines' in tax ? { lineTax: tax.lines } : {}),
    taxTotalFen,
    acturalPaidFen: goodsValueFen + freightFen + taxTotalFen - discountFen,
  };
}

/**
 * The figures of an order accepted at `acceptedAt` (China date). The amounts do not depend on the
 * quota already used (it only decides whether the order is CBEC at all), so an accepted order's
 * figures can be derived again from its request.
 */
export function acceptedOrderFigures(request: ImportShipment, acceptedAt: Date): ImportOrderFigures {
  return importOrderFigures(request, chinaDate(acceptedAt), 0);
}

/** CNY amount (at most 5 decimals, but money is to the fen) → integer fen, half up. */
export function toFen(cny: number): number {
  return Math.round(Math.round(cny * 1e5) / 1e3);
}

export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
