export { createLenderBankClient } from './client.js';
export { createLenderBankSimulator, LENDER_BANK } from './simulator.js';
