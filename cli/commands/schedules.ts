import type { Command } from 'commander';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson, printTable } from '../output.js';
import { DAILY_RUN_SCHEDULE, DEFAULT_TIMES, installSchedules, offHoursScheduleId, WEEKLY_REPORT_SCHEDULE } from '../../runtime/schedules.js';
import { connectClient } from '../../runtime/temporal.js';

export function registerSchedules(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Temporal Schedules: the daily optimization run, the weekly report and the off-hours stops and starts');

  schedules
    .command('install')
    .description('create or update the schedules (off-hours ones from the policy; removed ones are deleted)')
    .option('--daily-run <cron>', 'UTC cron for the optimization run', DEFAULT_TIMES.dailyRun)
    .option('--weekly-report <cron>', 'UTC cron for the weekly report', DEFAULT_TIMES.weeklyReport)
    .action(async (opts: { dailyRun: string; weeklyReport: string }) => {
      const config = runtimeConfig();
      const client = await connectClient(config);
      try {
        const ids = await installSchedules(client, loadPolicy(config.policyPath), { dailyRun: opts.dailyRun, weeklyReport: opts.weeklyReport });
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
        for (const id of [DAILY_RUN_SCHEDULE, WEEKLY_REPORT_SCHEDULE, ...offHours]) {
          const described = await client.schedule
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          rows.push({
            id,
            installed: described ? 'yes' : 'no',
            cron: described ? describeCalendars(described.spec.calendars ?? [], described.spec.timezone ?? 'UTC') : '',
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
