import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { ANALYSIS_QUEUE, parseDuration } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';

export const DAILY_RUN_SCHEDULE = 'tollgate-daily-run';
export const WEEKLY_REPORT_SCHEDULE = 'tollgate-weekly-report';
export const BILLING_LANDING_SCHEDULE = 'tollgate-billing-landing';

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
export async function installSchedules(
  client: Client,
  policy: Policy,
  times: ScheduleTimes = DEFAULT_TIMES,
  /** tollgate.yaml's billing poll interval, when it names sources: the billing landing poll Schedule */
  landing?: { pollInterval: string },
): Promise<string[]> {
  const specs: ScheduleOptions[] = [
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
    ...offHoursSchedules(policy),
    ...(landing ? [billingLandingSchedule(landing.pollInterval)] : []),
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
  await removeStaleOffHoursSchedules(client, new Set(specs.map((s) => s.scheduleId)));
  return specs.map((s) => s.scheduleId);
}

export const OFF_HOURS_SCHEDULE_PREFIX = 'tollgate-off-hours-';

export function offHoursScheduleId(name: string, phase: 'stop' | 'start'): string {
  return `${OFF_HOURS_SCHEDULE_PREFIX}${name}-${phase}`;
}

/**
 * Two Schedules per policy schedule, in its own time zone. A firing missed while the server was
 * down is caught up only within the grace period: a late stop must not land in the working day.
 */
function offHoursSchedules(policy: Policy): ScheduleOptions[] {
  return policy.offHours.schedules.flatMap((schedule) =>
    (['stop', 'start'] as const).map((phase) => ({
      scheduleId: offHoursScheduleId(schedule.name, phase),
      spec: { cronExpressions: [phase === 'stop' ? schedule.stop : schedule.start], timezone: schedule.timezone },
      action: { type: 'startWorkflow' as const, workflowType: 'offHoursWorkflow', taskQueue: ANALYSIS_QUEUE, args: [{ schedule: schedule.name, phase }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: policy.offHours.graceMinutes * 60_000 },
    })),
  );
}

/** A schedule removed from the policy stops firing: its Schedules are deleted, not left to act on old times. */
async function removeStaleOffHoursSchedules(client: Client, keep: ReadonlySet<string>): Promise<void> {
  for await (const summary of client.schedule.list()) {
    if (summary.scheduleId.startsWith(OFF_HOURS_SCHEDULE_PREFIX) && !keep.has(summary.scheduleId)) await client.schedule.getHandle(summary.scheduleId).delete();
  }
}

/** Every poll interval, the billing landing poll; a poll still running when the next is due is skipped. */
function billingLandingSchedule(pollInterval: string): ScheduleOptions {
  return {
    scheduleId: BILLING_LANDING_SCHEDULE,
    spec: { intervals: [{ every: parseDuration(pollInterval) }] },
    action: { type: 'startWorkflow' as const, workflowType: 'billingLandingWorkflow', taskQueue: ANALYSIS_QUEUE, args: [{ trigger: 'schedule' }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  };
}
