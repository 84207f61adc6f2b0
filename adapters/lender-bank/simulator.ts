import type { Simulator } from '../kit/simulator.js';
import { BUSINESS, createLenderSimulator, type LenderProfile, type LenderSimulatorOptions } from '../lender/simulator.js';

/**
 * The bank as simulated (README.md). ASSUMPTION (no source; in the range of published Chinese bank
 * trade-finance products): 70 % of a 9710 receivable or 9810 reported sales, 60 % of a 9610 pool,
 * 80 % of a filed refund; no stock pledges (a bank takes no custody risk abroad); 4.50 % a year
 * (about LPR + 1.5 points) with a 0.10 % arrangement fee; CNY 5,000,000 at most per loan; a credit
 * committee decides in 2 business days.
 */
export const LENDER_BANK: LenderProfile = {
  system: 'lender-bank',
  prefix: 'BK',
  currencies: ['CNY', 'USD', 'EUR'],
  ratioBp: { RECEIVABLE_9710: 7_000, RECEIVABLE_9810_SALES: 7_000, RECEIVABLE_9610_POOL: 6_000, REFUND_BACKED: 8_000 },
  annualRateBp: 450,
  feeBp: 10,
  maxLoan: 500_000_000,
  decisionDelayMs: 2 * BUSINESS.DAY,
  confirmDelayMs: 1 * BUSINESS.DAY,
  offerValidityMs: 10 * BUSINESS.DAY,
};

export function createLenderBankSimulator(opts: LenderSimulatorOptions): Simulator {
  return createLenderSimulator(LENDER_BANK, opts);
}
