export * from './template.js';
export * from './rightsizing-enrich.js';
export * from './rightsizing-propose.js';
