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
