export * from './normalizer.js';
export * from './formats.js';
export * from './ingest-file.js';
export * from './expand-paths.js';
export * from './reconcile-file.js';
export * from './progress.js';
export { DATE_LAYOUTS, type DateLayout } from './sql-macros.js';
