export { createBankClient, type BankClientOptions } from './client.js';
export { createBankSimulator, MID_RATES, type BankSimulatorOptions } from './simulator.js';
export {
  BankErrorCode,
  FundsReceivedEventSchema,
  OpenCollectionRequestSchema,
  OpenCollectionResultSchema,
  QuoteRequestSchema,
  QuoteSchema,
  SettleRequestSchema,
  SettlementSchema,
} from './port.js';
export type { BankPort, FundsReceivedEvent, OpenCollectionRequest, OpenCollectionResult, Quote, QuoteRequest, SettleRequest, Settlement } from './port.js';
