export * from './customs-code.js';
export * from './roles.js';
export * from './uscc.js';
