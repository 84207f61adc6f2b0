export * from './money.js';
export * from './interest.js';
export * from './products.js';
export * from './limits.js';
export * from './waterfall.js';
export * from './ledger.js';
export * from './consent.js';
export * from './reconcile.js';
