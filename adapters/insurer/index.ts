export { createInsurerClient, type InsurerClientOptions } from './client.js';
export { CARGO_RATE_BP, createInsurerSimulator } from './simulator.js';
export { bindInsurerEvent, insurerInbound, type PolicyFacts } from './inbound.js';
export { InsurerErrorCode, InsurerEventSchema, type InsurerEvent, type InsurerPort } from './port.js';
