import type { ActionType, Finding, Proposal } from '../core/index.js';

/** The deterministic remediation for each resource finding that needs no model to choose. */
const REMEDIATION: Partial<Record<Finding['kind'], { action: ActionType; why: string }>> = {
  idle: { action: 'stop', why: 'idle by the shutdown rule: stopping keeps the disk and saves the compute' },
  'orphan-volume': { action: 'delete-volume', why: 'attached to nothing: a snapshot is taken first, then the volume is deleted' },
  'orphan-address': { action: 'release-address', why: 'associated with nothing: releasing it ends the hourly charge' },
};

export const REMEDIATION_RULES_ID = 'remediation-rules';

/** A proposal from the rules above, or undefined when the finding kind has none. */
export function ruleProposal(finding: Finding): Proposal | undefined {
  if (finding.kind === 'off-hours') return offHoursProposal(finding);
  const rule = REMEDIATION[finding.kind];
  if (!rule) return undefined;
  return {
    findingId: finding.id,
    action: { type: rule.action, provider: finding.provider, resourceId: finding.resourceId, region: finding.region } as Proposal['action'],
    rationale: `${finding.summary}. ${rule.why}.`,
    risk: 'low',
    estimatedMonthlySavingsUsd: finding.estimatedMonthlySavingsUsd,
    proposer: { kind: 'system', id: REMEDIATION_RULES_ID },
    source: 'rule',
  };
}

/** Enrollment in the schedule the owner tagged the VM with; the times come from the policy, copied into the hash. */
function offHoursProposal(finding: Finding): Proposal | undefined {
  const plan = finding.offHours;
  if (!plan) return undefined;
  return {
    findingId: finding.id,
    action: {
      type: 'off-hours',
      provider: finding.provider,
      resourceId: finding.resourceId,
      region: finding.region,
      schedule: plan.schedule,
      stopCron: plan.stopCron,
      startCron: plan.startCron,
      timezone: plan.timezone,
    },
    rationale: `${finding.summary}. Its owner opted in by tag; each stop and start re-checks the tag, the environment, freeze windows and this approval.`,
    risk: 'low',
    estimatedMonthlySavingsUsd: finding.estimatedMonthlySavingsUsd,
    proposer: { kind: 'system', id: REMEDIATION_RULES_ID },
    source: 'rule',
  };
}
