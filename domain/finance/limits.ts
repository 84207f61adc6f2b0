import { applyBp, assertMinor, sum } from './money.js';
import { PLEDGE_HAIRCUT_BP, POOL_MIN_SHIPMENTS, POOL_MIN_VALUE_FEN, PRODUCT_TERMS, type FinanceProduct } from './products.js';

/**
 * How much may be advanced under each product, from the platform's own facts about the shipment or
 * stock. All amounts are minor units of the loan's currency (the caller converts first). The
 * advance is the financed value × the ratio, the ratio being the lender's if it set one (never
 * above the product's maximum), capped by the lender's approved limit.
 * ASSUMPTION: advances round down (FLOOR) to the minor unit: a lender never advances more than its
 * ratio allows.
 */
export type AdvanceBasis =
  | { product: 'RECEIVABLE_9710'; declaredValue: number; released: boolean; departed: boolean; alreadyFinanced: boolean; collected?: boolean }
  | { product: 'RECEIVABLE_9610_POOL'; parcels: readonly { value: number; released: boolean; alreadyFinanced: boolean }[] }
  | { product: 'RECEIVABLE_9810_SALES'; reportedSales: number; salesCollected: number }
  | { product: 'REFUND_BACKED'; refundFiled: boolean; refundAmount: number; refundPaid: boolean; alreadyFinanced: boolean }
  | { product: 'STOCK_PLEDGE'; custody: 'OVERSEAS' | 'BONDED'; customsPermitsBondedPledge: boolean; units: readonly { qty: number; unitValue: number; pledged: boolean }[] };

export type IneligibleReason =
  | 'NOT_RELEASED'
  | 'ALREADY_FINANCED'
  | 'ALREADY_COLLECTED'
  | 'POOL_TOO_SMALL'
  | 'NO_UNCOLLECTED_SALES'
  | 'REFUND_NOT_FILED'
  | 'REFUND_ALREADY_PAID'
  | 'BONDED_PLEDGE_NOT_PERMITTED'
  | 'NO_UNPLEDGED_STOCK'
  | 'RATIO_ABOVE_PRODUCT_MAXIMUM';

export type AdvanceLimit =
  | { eligible: true; product: FinanceProduct; financedValue: number; ratioBp: number; limit: number }
  | { eligible: false; product: FinanceProduct; reason: IneligibleReason; detail: string };

/** What the lender decided, when it has: its ratio and its approved limit (minor units). */
export interface LenderTerms {
  ratioBp?: number;
  approvedLimit?: number;
}

export function advanceLimit(basis: AdvanceBasis, lender: LenderTerms = {}): AdvanceLimit {
  const product = basis.product;
  const maxRatio = PRODUCT_TERMS[product].maxRatioBp;
  const ratioBp = lender.ratioBp ?? maxRatio;
  assertMinor(ratioBp, 'ratioBp');
  if (ratioBp > maxRatio) return no(product, 'RATIO_ABOVE_PRODUCT_MAXIMUM', `ratio ${ratioBp} bp is above the product's ${maxRatio} bp`);
  const financed = financedValue(basis);
  if ('reason' in financed) return financed;
  let limit = applyBp(financed.value, ratioBp, 'FLOOR');
  if (lender.approvedLimit !== undefined) {
    assertMinor(lender.approvedLimit, 'approvedLimit');
    limit = Math.min(limit, lender.approvedLimit);
  }
  return { eligible: true, product, financedValue: financed.value, ratioBp, limit };
}

function no(product: FinanceProduct, reason: IneligibleReason, detail: string): AdvanceLimit & { eligible: false } {
  return { eligible: false, product, reason, detail };
}

function financedValue(basis: AdvanceBasis): { value: number } | (AdvanceLimit & { eligible: false }) {
  switch (basis.product) {
    case 'RECEIVABLE_9710': {
      assertMinor(basis.declaredValue, 'declaredValue');
      if (!basis.released && !basis.departed) return no(basis.product, 'NOT_RELEASED', 'a 9710 consignment is financed after customs release or departure');
      if (basis.alreadyFinanced) return no(basis.product, 'ALREADY_FINANCED', 'the consignment already backs a loan');
      if (basis.collected) return no(basis.product, 'ALREADY_COLLECTED', 'the proceeds are settled: no receivable is left');
      return { value: basis.declaredValue };
    }
    case 'RECEIVABLE_9610_POOL': {
      const open = basis.parcels.filter((p) => p.released && !p.alreadyFinanced);
      for (const p of open) assertMinor(p.value, 'parcel value');
      const value = sum(open.map((p) => p.value));
      if (open.length < POOL_MIN_SHIPMENTS || value < POOL_MIN_VALUE_FEN) {
        return no(basis.product, 'POOL_TOO_SMALL', `a pool needs ${POOL_MIN_SHIPMENTS} released parcels not yet financed and ${POOL_MIN_VALUE_FEN} minor units; it has ${open.length} worth ${value}`);
      }
      return { value };
    }
    case 'RECEIVABLE_9810_SALES': {
      assertMinor(basis.reportedSales, 'reportedSales');
      assertMinor(basis.salesCollected, 'salesCollected');
      const value = basis.reportedSales - basis.salesCollected;
      if (value <= 0) return no(basis.product, 'NO_UNCOLLECTED_SALES', 'only reported sales not yet collected are receivables');
      return { value };
    }
    case 'REFUND_BACKED': {
      assertMinor(basis.refundAmount, 'refundAmount');
      if (!basis.refundFiled) return no(basis.product, 'REFUND_NOT_FILED', 'the refund must be filed under its 报关单号 first');
      if (basis.refundPaid) return no(basis.product, 'REFUND_ALREADY_PAID', 'the tax bureau has paid the refund');
      if (basis.alreadyFinanced) return no(basis.product, 'ALREADY_FINANCED', 'the refund already backs a loan');
      return { value: basis.refundAmount };
    }
    case 'STOCK_PLEDGE': {
      if (basis.custody === 'BONDED' && !basis.customsPermitsBondedPledge) {
        return no(basis.product, 'BONDED_PLEDGE_NOT_PERMITTED', 'bonded stock is pledged only where customs permits it');
      }
      const free = basis.units.filter((u) => !u.pledged);
      for (const u of free) {
        assertMinor(u.qty, 'qty');
        assertMinor(u.unitValue, 'unitValue');
      }
      const gross = sum(free.map((u) => u.qty * u.unitValue));
      if (gross === 0) return no(basis.product, 'NO_UNPLEDGED_STOCK', 'no unpledged stock with a value');
      return { value: gross - applyBp(gross, PLEDGE_HAIRCUT_BP[basis.custody], 'HALF_UP') };
    }
  }
}
