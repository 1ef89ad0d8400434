export * from './cost-query.js';
export * from './rows-cost-query.js';
export * from './change-history.js';
export * from './purchase-options.js';
export * from './resource-tools.js';
export * from './insight-tools.js';
export * from './toolsets.js';
