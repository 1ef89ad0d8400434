export * from './decision-summary.js';
export * from './render-html.js';
export * from './render-markdown.js';
export * from './report-data.js';
export * from './slack-summary.js';
export * from './spend-trend.js';
export * from './svg-charts.js';
export * from './weekly-report.js';
