import { proxyActivities } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/report-activities.js';
import { ANALYSIS_QUEUE } from '../core/workflow-contract.js';

const reports = proxyActivities<ReportActivities>({ taskQueue: ANALYSIS_QUEUE, startToCloseTimeout: '15 minutes', retry: { maximumAttempts: 3 } });

/** Monday's report: the seven days before the day the Schedule fires. */
export async function weeklyReportWorkflow(): Promise<{ markdown: string; html: string; json: string }> {
  const weekEnding = new Date(Date.now()).toISOString().slice(0, 10);
  return reports.writeWeeklyReportActivity({ weekEnding });
}
