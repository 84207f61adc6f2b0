export { createTaxClient, type TaxClientOptions } from './client.js';
export { createTaxSimulator, type TaxSimulatorOptions } from './simulator.js';
export { ExemptionLineSchema, ExemptionRecordSchema, RecordExemptionRequestSchema, TaxErrorCode } from './port.js';
export type { ExemptionLine, ExemptionRecord, RecordExemptionRequest, TaxPort } from './port.js';
