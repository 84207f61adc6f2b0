export { createTaxClient, type TaxClientOptions } from './client.js';
export { createTaxSimulator, type TaxSimulatorOptions } from './simulator.js';
export {
  ApplyRefundRequestSchema,
  ExemptionLineSchema,
  ExemptionRecordSchema,
  RecordExemptionRequestSchema,
  RefundApplicationSchema,
  RefundLineSchema,
  TaxErrorCode,
} from './port.js';
export type { ApplyRefundRequest, ExemptionLine, ExemptionRecord, RecordExemptionRequest, RefundApplication, RefundLine, TaxPort } from './port.js';
