export { findingWorkflow } from './finding-workflow.js';
export { optimizationRunWorkflow } from './optimization-run.js';
export { weeklyReportWorkflow } from './weekly-report.js';
export { offHoursWorkflow } from './off-hours.js';
export { resourceLeaseWorkflow } from './resource-lease.js';
export { billingLandingWorkflow } from './billing-landing.js';
