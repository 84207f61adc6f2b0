/**
 * Bank B behind the platform's BankPort (adapters/bank/port.ts): `createBankBClient(opts): BankPort`,
 * `createBankBSimulator(opts: SimulatorOptions | BankBSimulatorOptions): Simulator`.
 */
export { createBankBClient, errorForEnvelope, type BankBClientOptions } from './client.js';
export {
  BANK_B_FUNDS_DELAY_MS,
  BANK_B_MID_PER_100,
  BANK_B_QUOTE_VALIDITY_MS,
  BANK_B_SPREAD_PPM,
  bankBBuyRatePer100,
  createBankBSimulator,
  type BankBSimulatorOptions,
} from './simulator.js';
export { InwardCreditNoticeSchema, RetCode as BankBRetCode, toFundsReceivedEvent, type InwardCreditNotice } from './wire.js';
