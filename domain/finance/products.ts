/**
 * The supply-chain finance products (issue 20; the zone plan's 订单融资、仓单质押、跨境贷、税务贷,
 * /work/shared/reference 000_307cf31dcf195f6f.txt line 44) and the terms the platform applies when a
 * lender's offer leaves them open. Every number here is an ASSUMPTION of this platform (no
 * regulation fixes them; a lender's decision overrides the ratio, the rate and the limit): they
 * belong in configuration once a zone agrees them with its lenders.
 */
export type FinanceProduct =
  /** 9710 consignment after customs release (or departure): advance on the declared value. */
  | 'RECEIVABLE_9710'
  /** 9610: a pool of an enterprise's released parcels (one parcel is too small to finance). */
  | 'RECEIVABLE_9610_POOL'
  /** 9810: only goods actually sold abroad (a receivable exists once a sale is reported). */
  | 'RECEIVABLE_9810_SALES'
  /** 退税贷: against an export refund filed under its 报关单号, repaid when the tax bureau pays. */
  | 'REFUND_BACKED'
  /** 仓单质押: 9810 overseas-warehouse stock (or 1210 bonded stock where customs permits) pledged. */
  | 'STOCK_PLEDGE';

export const FINANCE_PRODUCTS: readonly FinanceProduct[] = ['RECEIVABLE_9710', 'RECEIVABLE_9610_POOL', 'RECEIVABLE_9810_SALES', 'REFUND_BACKED', 'STOCK_PLEDGE'];

export interface ProductTerms {
  /** Highest advance as a share of the financed value, in basis points. */
  maxRatioBp: number;
  /** Longest tenor from disbursement to the due date of what is not yet repaid. */
  maxTenorDays: number;
  /** Days after the expected repayment event (FX settlement, refund paid) that a shortfall falls due. */
  shortfallGraceDays: number;
}

/**
 * ASSUMPTION (no source found; typical of published Chinese trade-finance products such as
 * 订单融资 up to 70-80 % of an order, 退税贷 up to the refund amount, pledge at 50-70 % of stock):
 * ratios, tenors and grace days below.
 * - Receivables: 80 % of a 9710 declared value, 70 % of a 9610 pool (many small buyers, more
 *   returns), 80 % of 9810 reported sales; tenor 180 days (FX must be collected within the refund
 *   deadline, docs/reference/domain-rules.md §3.3).
 * - Refund-backed: 90 % of the refund filed (the state pays; the risk is a reversal), 120 days.
 * - Stock pledge: 60 % of the stock value after its haircut, 180 days.
 * - Shortfall: due 30 days after the event that should have repaid it.
 */
export const PRODUCT_TERMS: Readonly<Record<FinanceProduct, ProductTerms>> = {
  RECEIVABLE_9710: { maxRatioBp: 8_000, maxTenorDays: 180, shortfallGraceDays: 30 },
  RECEIVABLE_9610_POOL: { maxRatioBp: 7_000, maxTenorDays: 180, shortfallGraceDays: 30 },
  RECEIVABLE_9810_SALES: { maxRatioBp: 8_000, maxTenorDays: 180, shortfallGraceDays: 30 },
  REFUND_BACKED: { maxRatioBp: 9_000, maxTenorDays: 120, shortfallGraceDays: 30 },
  STOCK_PLEDGE: { maxRatioBp: 6_000, maxTenorDays: 180, shortfallGraceDays: 30 },
};

/**
 * ASSUMPTION: a 9610 pool needs at least 20 released parcels and CNY 10,000 of value before a
 * lender will look at it (a single parcel is too small to finance, issue 20; the thresholds are
 * this platform's, no source).
 */
export const POOL_MIN_SHIPMENTS = 20;
export const POOL_MIN_VALUE_FEN = 1_000_000;

/**
 * ASSUMPTION: haircut on pledged stock's declared value before the ratio, for price risk and
 * liquidation cost: 30 % for 9810 overseas stock (sold abroad in foreign currency), 20 % for 1210
 * bonded stock (in China, customs-supervised). No source; lenders set their own.
 */
export const PLEDGE_HAIRCUT_BP = { OVERSEAS: 3_000, BONDED: 2_000 } as const;
