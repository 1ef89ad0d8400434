export * from './cost-anomalies.js';
export * from './daily-cost-cell.js';
export * from './focus-cells.js';
export * from './options.js';
export * from './series-detector.js';
export * from './calendar.js';
export * from './incidents.js';
export * from './incidents-on-threads.js';
