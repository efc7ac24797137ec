export * from './filters.js';
export * from './treasury.js';
export * from './health.js';
export * from './stablecoins.js';
export * from './alerts.js';
export * from './variables.js';
export * from './ledger.js';
