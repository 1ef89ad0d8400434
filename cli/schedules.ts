import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { ANALYSIS_QUEUE, parseDuration } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';

export const DAILY_RUN_SCHEDULE = 'tollgate-daily-run';
export const WEEKLY_REPORT_SCHEDULE = 'tollgate-weekly-report';

export interface ScheduleTimes {
  /** cron, UTC: the daily optimization run */
  dailyRun: string;
  /** cron, UTC: Monday morning's report */
  weeklyReport: string;
}

export const DEFAULT_TIMES: ScheduleTimes = { dailyRun: '0 6 * * *', weeklyReport: '0 7 * * 1' };

/**
 * Creates or updates the two Schedules. A run that is still going when the next is due is
 * skipped, not stacked: two runs at once would double the blast radius.
 */
export async function installSchedules(client: Client, policy: Policy, times: ScheduleTimes = DEFAULT_TIMES): Promise<string[]> {
  const specs = [
    {
      scheduleId: DAILY_RUN_SCHEDULE,
      spec: { cronExpressions: [times.dailyRun] },
      action: {
        type: 'startWorkflow' as const,
        workflowType: 'optimizationRunWorkflow',
        taskQueue: ANALYSIS_QUEUE,
        args: [{ verifyWindowMs: parseDuration(policy.execution.verifyWindow) }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
    {
      scheduleId: WEEKLY_REPORT_SCHEDULE,
      spec: { cronExpressions: [times.weeklyReport] },
      action: { type: 'startWorkflow' as const, workflowType: 'weeklyReportWorkflow', taskQueue: ANALYSIS_QUEUE, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
  ];
  for (const options of specs) {
    const handle = client.schedule.getHandle(options.scheduleId);
    const exists = await handle.describe().then(
      () => true,
      () => false,
    );
    if (exists)
      await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: { ...previous.policies, ...options.policies } }));
    else await client.schedule.create(options);
  }
  return specs.map((s) => s.scheduleId);
}
