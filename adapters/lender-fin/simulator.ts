import type { Simulator } from '../kit/simulator.js';
import { BUSINESS, createLenderSimulator, type LenderProfile, type LenderSimulatorOptions } from '../lender/simulator.js';

/**
 * The finance company as simulated (README.md). ASSUMPTION (no source; finance companies price
 * above banks and take custody risk banks avoid): 75 % of a 9710 receivable or 9810 reported sales,
 * 65 % of a 9610 pool, 85 % of a filed refund, 55 % of pledged stock after the haircut; 9.00 % a
 * year with a 0.50 % fee; CNY 2,000,000 at most per loan; decides in 4 business hours; lends in CNY
 * and USD.
 */
export const LENDER_FIN: LenderProfile = {
  system: 'lender-fin',
  prefix: 'FC',
  currencies: ['CNY', 'USD'],
  ratioBp: { RECEIVABLE_9710: 7_500, RECEIVABLE_9810_SALES: 7_500, RECEIVABLE_9610_POOL: 6_500, REFUND_BACKED: 8_500, STOCK_PLEDGE: 5_500 },
  annualRateBp: 900,
  feeBp: 50,
  maxLoan: 200_000_000,
  decisionDelayMs: 4 * BUSINESS.HOUR,
  confirmDelayMs: 2 * BUSINESS.HOUR,
  offerValidityMs: 5 * BUSINESS.DAY,
};

export function createLenderFinSimulator(opts: LenderSimulatorOptions): Simulator {
  return createLenderSimulator(LENDER_FIN, opts);
}
