import type { ImportShipment } from '../shipment.schema.js';
import { chinaDate } from '../time.js';
import { orderTax, type LineTax, type OrderTax } from './tax.js';

/**
 * The money of a 1210 order as the CEB311 order and the CEB411 payment voucher carry it
 * (ceb-messages.md §1.7 amount rule): acturalPaid = goodsValue + freight + taxTotal − discount,
 * equal to the payment's amountPaid. All amounts are integer fen.
 *
 * Dutiable price of a line (完税价格, domain-rules.md §2.2: retail price incl. freight and
 * insurance) = its goods value plus its share of the order's freight and insurance (`insuredFee`,
 * CEB621) together, shared by goods value with the rounding remainder on the last line.
 * ⚠ How customs shares order-level freight and insurance across lines is not in the references;
 * the share by value is an assumption. The non-cash discount does not lower the dutiable price
 * (goodsValue "includes the non-cash deduction", §1.7). ⚠ The CEB311 amount rule has no insurance
 * term (acturalPaid = goodsValue + freight + taxTotal − discount, §1.7), so insurance is not in
 * what the buyer is checked to have paid; whether platforms fold it into the freight is not stated.
 */
export interface ImportOrderFigures {
  goodsValueFen: number;
  freightFen: number;
  /** Insurance (CEB621 insuredFee): in the dutiable price, not in acturalPaid. */
  insuredFeeFen: number;
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
  const insuredFeeFen = toFen(request.insuredFee ?? 0);
  const share = shareByValue(freightFen + insuredFeeFen, goods, goodsValueFen);
  const dutiableFen = goods.map((g, n) => g + share[n]!);
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
    insuredFeeFen,
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

/** An order-level amount shared across lines by goods value, the rounding remainder on the last line. */
function shareByValue(totalFen: number, goods: number[], goodsValueFen: number): number[] {
  let left = totalFen;
  return goods.map((g, n) => {
    const share = n === goods.length - 1 ? left : goodsValueFen > 0 ? Math.floor((totalFen * g) / goodsValueFen) : 0;
    left -= share;
    return share;
  });
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
