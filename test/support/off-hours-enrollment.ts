import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createOffHoursActivities, type OffHoursActions } from '../../activities/execute-off-hours.js';
import { ruleProposal } from '../../activities/remediation-rules.js';
import { SqliteAuditStore } from '../../audit/index.js';
import type { CloudProvider } from '../../clouds/provider.js';
import { proposalHash } from '../../core/index.js';
import { findOffHours } from '../../detect/off-hours.js';
import { approvalRequirement, PolicySchema, type Policy } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from './approver-keys.js';

/** A UTC cron for the minute `minutesAgo` minutes before now. */
function cronAt(minutesAgo: number): string {
  const t = new Date(Date.now() - minutesAgo * 60_000);
  return `${t.getUTCMinutes()} ${t.getUTCHours()} * * *`;
}

/**
 * A policy with one off-hours schedule, "nights", whose stop minute was two minutes ago and whose
 * start minute one minute ago: both firings are within the grace period now. Alice approves for finops,
 * signing with a key generated for the test.
 */
export function nightsPolicy(offHours: { tagKey?: string } = {}): Policy {
  return withApproverKeys(
    PolicySchema.parse({
      approvals: { approvers: { alice: 'finops' } },
      execution: { allowedActions: ['off-hours'] },
      offHours: { ...offHours, schedules: [{ name: 'nights', stop: cronAt(2), start: cronAt(1) }] },
    }),
  );
}

/** The actions worker's off-hours activities for one cloud, over a fresh SQLite audit log (close it). */
export function offHoursWorker(cloud: CloudProvider, policy: Policy): { activities: OffHoursActions; audit: SqliteAuditStore } {
  const audit = new SqliteAuditStore(join(mkdtempSync(join(tmpdir(), `tollgate-${cloud.provider}-offhours-`)), 'audit.sqlite'));
  const activities = createOffHoursActivities({
    providerFor: () => cloud,
    audit,
    policy,
    clock: () => new Date().toISOString(),
    log: pino({ level: 'silent' }),
  });
  return { activities, audit };
}

/**
 * What the daily run and one approval do for a tagged VM: the off-hours finding, its rule proposal,
 * and `enrollOffHours` with alice's approval bound to the proposal's hash.
 */
export async function enrollTagged(cloud: CloudProvider, policy: Policy, activities: OffHoursActions, resourceId: string, workflowId: string) {
  const resource = await cloud.getResource(resourceId);
  const [finding] = findOffHours([resource], await cloud.catalog(), new Date().toISOString(), {
    tagKey: policy.offHours.tagKey,
    schedules: policy.offHours.schedules,
    isProduction: () => false,
  });
  if (!finding) throw new Error(`${resourceId} was not proposed for off-hours: is it tagged ${policy.offHours.tagKey}=nights?`);
  const proposal = ruleProposal(finding)!;
  const hash = proposalHash(proposal);
  const enrolled = await activities.enrollOffHours({
    workflowId,
    runId: `run-${workflowId}`,
    finding,
    proposal,
    proposalHash: hash,
    approvals: [
      signedApproval(workflowId, { proposalHash: hash, decision: 'approve', approver: 'alice', reason: '', role: 'finops', at: new Date().toISOString() }),
    ],
    requirement: approvalRequirement(resource, policy),
  });
  return { finding, enrolled };
}
