export * from './chain.js';
export * from './redact.js';
export * from './store.js';
export * from './sqlite-store.js';
export * from './postgres-store.js';
export * from './open-store.js';
export * from './off-hours-records.js';
export * from './approval-signatures.js';
