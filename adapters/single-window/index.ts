/** Sichuan International Trade Single Window (customs CEB messages) via the Chengdu gateway or the national DXP route.
 * The contract suite lives in contract.ts (test-only: it imports vitest). */
export { createSingleWindowClient } from './client.js';
export { createDxpClient } from './dxp/client.js';
export { createReceiptQuery } from './client-receipts.js';
export { createSingleWindowSimulator } from './simulator.js';
export { buildCustomsMessage } from './mapping.js';
export { buildSummaryMessage } from './mapping-summary.js';
export type { SingleWindowPort, SubmitAck } from './port.js';
