export { createLenderFinClient } from './client.js';
export { createLenderFinSimulator, LENDER_FIN } from './simulator.js';
