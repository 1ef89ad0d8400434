export type { AnalysisActivities, AnalyzeOutput, CheckOutput, VerifyOutput } from './analysis.js';
export type { ActionActivities, ExecuteInput, ExecuteOutput } from './execute-actions.js';
export type { OffHoursActions, OffHoursChangeInput, OffHoursChangeOutput } from './execute-off-hours.js';
