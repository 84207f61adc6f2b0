export { createLenderClient, type LenderClientOptions } from './client.js';
export { createLenderSimulator, type LenderProfile } from './simulator.js';
export { bindLenderEvent, lenderInbound, type Binding, type LoanFacts } from './inbound.js';
export { LenderErrorCode, LenderEventSchema, type LenderEvent, type LenderPort } from './port.js';
