export * from './connection.js';
export * from './data-error.js';
export * from './schema.js';
export * from './load.js';
export * from './tag-normalization.js';
export * from './invoice-totals.js';
