export { findingWorkflow } from './finding-workflow.js';
