export * from './policy.js';
export * from './check.js';
export * from './registry.js';
export * from './evaluate.js';
export * from './approvals.js';
export * from './authorize.js';
export * from './risk.js';
export * from './plan-check/index.js';
