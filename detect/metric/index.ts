export * from './metric-detector.js';
export * from './parse-metric-csv.js';
