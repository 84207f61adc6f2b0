import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LoanInput, LoanState } from './contract.js';

/**
 * The only way other code talks to a stock pledge (pledge.workflow.ts): its id, input, state, the
 * repayment update. The lender's callbacks (lenderEventReceived) and the acceptance (acceptOffer)
 * are the loans' own (contract.ts): a pledge is a loan of product STOCK_PLEDGE.
 */
export function pledgeWorkflowId(enterpriseId: string, pledgeNo: string): string {
  return `pledge:${enterpriseId}:${pledgeNo}`;
}

/** Where pledged stock lies: a 9810 overseas warehouse (custodian) or the 1210 bonded centre. */
export type PledgeCustody = 'OVERSEAS' | 'BONDED';

export interface StockPledgeInput extends LoanInput {
  custody: PledgeCustody;
  /** Warehouse system (adapters/systems.ts) and warehouse code the units lie in. */
  system: string;
  warehouseCode: string;
  /** Units pledged per SKU with the unit value the enterprise declares (minor units, CNY). */
  lines: { sku: string; qty: number; unitValue: number }[];
  /** ASSUMPTION (config BONDED_PLEDGE_PERMITTED): customs in the zone permits pledging bonded stock. */
  customsPermitsBondedPledge: boolean;
}

export interface PledgeLineView {
  sku: string;
  pledged: number;
  locked: number;
  released: number;
  breached: number;
}

export interface StockPledgeState extends LoanState {
  lines: PledgeLineView[];
}

/** The enterprise repays part or all of the loan from its own account (POST /v1/pledges/{id}/repayments); units are released pro rata once the lender confirms. */
export const repayPledge = defineUpdate<{ instructionId: string }, [{ amount: number; actor: string }]>('repayPledge');
export const getPledge = defineQuery<StockPledgeState>('getPledge');
