/** Sichuan International Trade Single Window (customs CEB messages) via the Chengdu gateway. */
export { createSingleWindowClient } from './client.js';
export { createSingleWindowSimulator } from './simulator.js';
export { buildCustomsMessage } from './mapping.js';
export { singleWindowContractSuite } from './contract.js';
export type { SingleWindowPort, SubmitAck } from './port.js';
