import { fileURLToPath } from 'node:url';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { ActionDeps, AnalysisDeps } from '../activities/deps.js';
import { activityTracing } from '../activities/activity-tracing.js';
import { createAnalysisActivities } from '../activities/analysis.js';
import { createAnomalyActivities } from '../activities/anomaly-activities.js';
import { createActionActivities } from '../activities/execute-actions.js';
import { createOffHoursActivities } from '../activities/execute-off-hours.js';
import { createOffHoursReportActivities } from '../activities/off-hours-report.js';
import { createOffHoursTargetActivities } from '../activities/off-hours-targets.js';
import { createReportActivities, type ReportSettings } from '../activities/report-activities.js';
import { createRunActivities } from '../activities/run-activities.js';
import { ACTIONS_QUEUE, ANALYSIS_QUEUE, type Provider } from '../core/index.js';

// Compiled, this module is dist/cli/workers.js and bundles the compiled workflows beside it.
export const WORKFLOWS_PATH = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../workflows/index.js' : '../workflows/index.ts', import.meta.url));

export interface WorkerTarget {
  connection: NativeConnection;
  namespace: string;
}

/** Polls the analysis queue: workflows plus read-only activities. */
export function createAnalysisWorker(
  target: WorkerTarget,
  deps: AnalysisDeps,
  options: { workflowBundle?: { code: string }; providers?: Provider[]; reports?: ReportSettings; maxCachedWorkflows?: number } = {},
): Promise<Worker> {
  return Worker.create({
    ...target,
    taskQueue: ANALYSIS_QUEUE,
    interceptors: { activity: [activityTracing] },
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: {
      ...createAnalysisActivities(deps),
      ...createRunActivities(deps, options.providers ?? ['sandbox']),
      ...createOffHoursTargetActivities(deps),
      ...createOffHoursReportActivities(deps),
      ...createAnomalyActivities(deps),
      ...(options.reports ? createReportActivities(deps, options.reports) : {}),
    },
  });
}

/** Polls the actions queue: the only worker holding write access to clouds. */
export function createActionsWorker(target: WorkerTarget, deps: ActionDeps): Promise<Worker> {
  return Worker.create({
    ...target,
    taskQueue: ACTIONS_QUEUE,
    interceptors: { activity: [activityTracing] },
    activities: { ...createActionActivities(deps), ...createOffHoursActivities(deps) },
  });
}
