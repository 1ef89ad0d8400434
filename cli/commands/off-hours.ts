import type { Command } from 'commander';
import { latestEnrollments, scheduledChanges } from '../../activities/off-hours-ledger.js';
import { openAuditStore } from '../../audit/index.js';
import { ANALYSIS_QUEUE } from '../../core/index.js';
import { loadPolicy, runtimeConfig } from '../config.js';
import { printJson, printTable } from '../output.js';
import type { OffHoursFiringResult } from '../../workflows/off-hours.js';
import { connectClient } from '../temporal.js';

export function registerOffHours(program: Command): void {
  const offHours = program.command('offhours').description('nightly stop and morning start of opted-in non-production VMs');

  offHours
    .command('list')
    .description('enrolled VMs: schedule, times, approvers, how long the approval stands, and the last scheduled change')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const store = openAuditStore(process.env.TOLLGATE_AUDIT_STORE ?? runtimeConfig().auditPath);
      try {
        const [enrollments, changes] = await Promise.all([latestEnrollments(store), scheduledChanges(store)]);
        const now = Date.now();
        const rows = [...enrollments.values()].map((e) => {
          const last = changes.filter((c) => c.resourceId === e.proposal.action.resourceId).at(-1);
          return {
            resource: e.proposal.action.resourceId,
            schedule: e.proposal.action.schedule,
            stop: e.proposal.action.stopCron,
            start: e.proposal.action.startCron,
            timezone: e.proposal.action.timezone,
            approvers: e.approvals.map((a) => a.approver).join(', '),
            validUntil: e.validUntil,
            status: Date.parse(e.validUntil) > now ? 'active' : 'lapsed: proposed again by the daily run',
            lastChange: last ? `${last.phase} ${last.at}` : 'none yet',
            monthlySavingsUsd: e.proposal.estimatedMonthlySavingsUsd,
          };
        });
        if (opts.json) printJson({ enrollments: rows });
        else printTable(rows, ['resource', 'schedule', 'stop', 'start', 'timezone', 'approvers', 'validUntil', 'status', 'lastChange']);
      } finally {
        await store.close();
      }
    });

  offHours
    .command('fire')
    .description('run one firing now (a firing missed during an outage; each change is still refused outside the grace period)')
    .argument('<schedule>', 'a schedule name under offHours.schedules')
    .argument('<phase>', 'stop or start')
    .option('--json', 'print JSON')
    .action(async (schedule: string, phase: string, opts: { json?: boolean }) => {
      const config = runtimeConfig();
      if (phase !== 'stop' && phase !== 'start') throw new Error(`phase must be stop or start, not "${phase}"`);
      const known = loadPolicy(config.policyPath).offHours.schedules.map((s) => s.name);
      if (!known.includes(schedule))
        throw new Error(`no off-hours schedule "${schedule}" in the policy (offHours.schedules has: ${known.join(', ') || 'none'})`);
      const client = await connectClient(config);
      try {
        const result: OffHoursFiringResult = await client.workflow.execute('offHoursWorkflow', {
          workflowId: `tollgate-off-hours-${schedule}-${phase}-manual-${new Date().toISOString()}`,
          taskQueue: ANALYSIS_QUEUE,
          args: [{ schedule, phase }],
        });
        if (opts.json) printJson(result);
        else
          printTable(
            result.results.map((r) => ({ resource: r.resourceId, status: r.status, why: 'reasons' in r ? r.reasons.join('; ') : `verified: ${r.verified}` })),
            ['resource', 'status', 'why'],
          );
      } finally {
        await client.connection.close();
      }
    });
}
