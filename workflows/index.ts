export { findingWorkflow } from './finding-workflow.js';
export { optimizationRunWorkflow } from './optimization-run.js';
export { weeklyReportWorkflow } from './weekly-report.js';
export { offHoursWorkflow } from './off-hours.js';
export { resourceLeaseWorkflow } from './resource-lease.js';
export { anomalyWorkflow } from './anomaly-workflow.js';
export { anomalyScanWorkflow } from './anomaly-scan.js';
