import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_RUN_SCHEDULE, installSchedules, WEEKLY_REPORT_SCHEDULE } from '../../runtime/schedules.js';
import type { OptimizationRunResult } from '../../workflows/optimization-run.js';
import { startLoop, waitFor, type Loop } from '../support/loop.js';

describe('Temporal Schedules: daily optimization run and weekly report', () => {
  let loop: Loop;
  let reportDir: string;
  beforeAll(async () => {
    loop = await startLoop();
    reportDir = join(loop.world.dir, 'reports');
    loop.reports.outDir = reportDir;
  });
  afterAll(async () => {
    await loop?.stop();
  });

  it('installs both schedules with their cron specs, and installing again updates instead of failing', async () => {
    const client = loop.env.client;
    await installSchedules(client, loop.world.policy);
    await installSchedules(client, loop.world.policy, { dailyRun: '30 5 * * *', weeklyReport: '0 8 * * 1' });
    const daily = await client.schedule.getHandle(DAILY_RUN_SCHEDULE).describe();
    const weekly = await client.schedule.getHandle(WEEKLY_REPORT_SCHEDULE).describe();
    expect(daily.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 5, end: 5, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(weekly.action).toMatchObject({ workflowType: 'weeklyReportWorkflow' });
    expect(daily.info.nextActionTimes.length).toBeGreaterThan(0);
  });

  it('a triggered daily run detects the estate and starts one FindingWorkflow per finding', async () => {
    const client = loop.env.client;
    const handle = client.schedule.getHandle(DAILY_RUN_SCHEDULE);
    await handle.trigger();
    let runs: string[] = [];
    for (let i = 0; i < 100 && runs.length === 0; i++) {
      runs = (await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
      if (runs.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    const result = (await client.workflow.getHandle(runs[0]!).result()) as OptimizationRunResult;
    expect(result.started.map((s) => s.resourceId).sort()).toEqual(['i-0api0prod00004', 'i-0batch0worker02', 'i-0ledger0db0003', 'i-0web0overprov01']);
    const blocked = await waitFor(client.workflow.getHandle(result.started.find((s) => s.resourceId === 'i-0ledger0db0003')!.workflowId), ['Blocked']);
    expect(blocked.outcome).toContain('tollgate:exclude');
  });

  it('a triggered weekly report writes Markdown and HTML', async () => {
    const client = loop.env.client;
    const handle = client.schedule.getHandle(WEEKLY_REPORT_SCHEDULE);
    await handle.trigger();
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      id = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
      if (!id) await new Promise((r) => setTimeout(r, 200));
    }
    const paths = (await client.workflow.getHandle(id!).result()) as { markdown: string; html: string };
    expect(existsSync(paths.html)).toBe(true);
    expect(paths.markdown.startsWith(reportDir)).toBe(true);
    // the report covers the seven full days before the day it runs, is named by the last of them, and says so
    const today = new Date().toISOString().slice(0, 10);
    const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(paths.markdown).toContain(`weekly-${lastDay}.md`);
    const markdown = readFileSync(paths.markdown, 'utf8');
    expect(markdown).toMatch(/^# Tollgate weekly optimization report/);
    expect(markdown).toContain(`the seven full days before the scheduled run on ${today}`);
    expect(readFileSync(paths.html, 'utf8')).toMatch(/<svg/);
  });
});
