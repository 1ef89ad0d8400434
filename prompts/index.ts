export * from './template.js';
export * from './rightsizing-enrich.js';
export * from './rightsizing-propose.js';
export * from './anomaly-enrich.js';
export * from './sku-advice.js';
