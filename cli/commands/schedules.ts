import type { Command } from 'commander';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson, printTable } from '../output.js';
import {
  BILLING_LANDING_SCHEDULE,
  DAILY_RUN_SCHEDULE,
  DEFAULT_TIMES,
  installSchedules,
  offHoursScheduleId,
  WEEKLY_REPORT_SCHEDULE,
} from '../../runtime/schedules.js';
import { deploymentConfigPath, loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { connectClient } from '../../runtime/temporal.js';

export function registerSchedules(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Temporal Schedules: the daily optimization run, the weekly report, the billing landing poll and the off-hours stops and starts');

  schedules
    .command('install')
    .description('create or update the schedules (off-hours ones from the policy; removed ones are deleted)')
    .option('--daily-run <cron>', 'UTC cron for the optimization run', DEFAULT_TIMES.dailyRun)
    .option('--weekly-report <cron>', 'UTC cron for the weekly report', DEFAULT_TIMES.weeklyReport)
    .option('--config <file>', 'tollgate.yaml: with billing sources, the billing landing poll every billing.pollInterval (default $TOLLGATE_CONFIG)')
    .action(async (opts: { dailyRun: string; weeklyReport: string; config?: string }) => {
      const config = runtimeConfig();
      const billing = loadDeploymentConfig(deploymentConfigPath(opts.config)).config.billing;
      const client = await connectClient(config);
      try {
        const landing = billing && billing.sources.length > 0 ? { pollInterval: billing.pollInterval } : undefined;
        const ids = await installSchedules(client, loadPolicy(config.policyPath), { dailyRun: opts.dailyRun, weeklyReport: opts.weeklyReport }, landing);
        process.stdout.write(`installed ${ids.join(', ')}\n`);
      } finally {
        await client.connection.close();
      }
    });

  schedules
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = runtimeConfig();
      const client = await connectClient(config);
      try {
        const rows = [];
        const offHours = loadPolicy(config.policyPath).offHours.schedules.flatMap((s) => [
          offHoursScheduleId(s.name, 'stop'),
          offHoursScheduleId(s.name, 'start'),
        ]);
        for (const id of [DAILY_RUN_SCHEDULE, WEEKLY_REPORT_SCHEDULE, BILLING_LANDING_SCHEDULE, ...offHours]) {
          const described = await client.schedule
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          rows.push({
            id,
            installed: described ? 'yes' : 'no',
            cron: described
              ? [
                  describeCalendars(described.spec.calendars ?? [], described.spec.timezone ?? 'UTC'),
                  ...(described.spec.intervals ?? []).map((i) => `every ${describeEvery(i.every)}`),
                ]
                  .filter(Boolean)
                  .join(' | ')
              : '',
            next: described?.info.nextActionTimes[0]?.toISOString() ?? '',
            paused: described?.state.paused ? 'yes' : 'no',
          });
        }
        if (opts.json) printJson({ schedules: rows });
        else printTable(rows, ['id', 'installed', 'cron', 'next', 'paused']);
      } finally {
        await client.connection.close();
      }
    });
}

type Calendar = { hour?: { start: number }[]; minute?: { start: number }[]; dayOfWeek?: { start: string; end?: string }[] };

/** Temporal stores cron specs as calendars; show them back as "Mon 07:00" style text. */
function describeCalendars(calendars: readonly Calendar[], timezone: string): string {
  return calendars
    .map((c) => {
      const time = `${String(c.hour?.[0]?.start ?? 0).padStart(2, '0')}:${String(c.minute?.[0]?.start ?? 0).padStart(2, '0')} ${timezone}`;
      const short = (d: string) => d.slice(0, 3).toLowerCase();
      const ranges = (c.dayOfWeek ?? []).map((r) => (r.end && r.end !== r.start ? `${short(r.start)}-${short(r.end)}` : short(r.start)));
      const day = ranges.length > 0 && ranges.join(',') !== 'sun-sat' ? `${ranges.join(',')} ` : 'daily ';
      return `${day}${time}`;
    })
    .join(' | ');
}

/** An interval spec back as text: 900000 ms → 15m. */
function describeEvery(every: number | string): string {
  const ms = typeof every === 'number' ? every : Number(every);
  if (!Number.isFinite(ms)) return String(every);
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms / 1000}s`;
}
