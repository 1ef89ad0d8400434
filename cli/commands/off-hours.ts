import type { Command } from 'commander';
import { latestEnrollments, revokedEnrollments, scheduledChanges } from '../../activities/off-hours-ledger.js';
import { recordStep } from '../../activities/record.js';
import { ANALYSIS_QUEUE } from '../../core/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson, printTable } from '../output.js';
import type { OffHoursFiringResult } from '../../workflows/off-hours.js';
import { openAudit } from '../../runtime/deps.js';
import { connectClient } from '../../runtime/temporal.js';

export function registerOffHours(program: Command): void {
  const offHours = program.command('offhours').description('nightly stop and morning start of opted-in non-production VMs');

  offHours
    .command('list')
    .description('enrolled VMs: schedule, times, approvers, how long the approval stands, and the last scheduled change')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const store = openAudit(runtimeConfig());
      try {
        const [enrollments, changes, revoked] = await Promise.all([
          latestEnrollments(store, { withRevoked: true }),
          scheduledChanges(store),
          revokedEnrollments(store),
        ]);
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
            status: statusOf(e.validUntil, revoked.get(e.workflowId), now),
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
    .command('revoke')
    .description('withdraw the standing approval of one VM: no further stop or start, and no new proposal until it would have lapsed')
    .argument('<resource>', 'the enrolled VM')
    .requiredOption('--as <approver>', 'who revokes: an approver in the policy with an allowed role')
    .option('--reason <text>', 'why (goes to the audit log)', '')
    .action(async (resource: string, opts: { as: string; reason: string }) => {
      const config = runtimeConfig();
      const { approvals } = loadPolicy(config.policyPath);
      const role = Object.hasOwn(approvals.approvers, opts.as) ? approvals.approvers[opts.as]?.role : undefined;
      if (role === undefined || !approvals.allowedRoles.includes(role)) {
        throw new Error(`${opts.as} may not revoke: only approvers with a role in approvals.allowedRoles (${approvals.allowedRoles.join(', ')}) can`);
      }
      const store = openAudit(config);
      try {
        const enrollment = (await latestEnrollments(store)).get(resource);
        if (!enrollment) throw new Error(`${resource} has no current off-hours enrollment; \`tollgate offhours list\` shows them`);
        await recordStep(store, {
          workflowId: enrollment.workflowId,
          findingId: enrollment.findingId,
          step: 'revoke',
          actor: { kind: 'human', id: opts.as },
          input: { resource, reason: opts.reason },
          summary: `off-hours enrollment of ${resource} revoked by ${opts.as} (${role})`,
          output: { enrollmentWorkflowId: enrollment.workflowId, resourceId: resource, reason: opts.reason },
          outcome: `revoked by ${opts.as}${opts.reason ? `: ${opts.reason}` : ''}`,
          at: new Date().toISOString(),
          key: `${enrollment.workflowId}:revoke`,
        });
        process.stdout.write(`revoked the off-hours enrollment of ${resource} (${enrollment.workflowId}); the next firings leave it alone\n`);
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

function statusOf(validUntil: string, revocation: { by: string; at: string } | undefined, now: number): string {
  if (revocation) return `revoked by ${revocation.by} at ${revocation.at}`;
  return Date.parse(validUntil) > now ? 'active' : 'lapsed: proposed again by the daily run';
}
