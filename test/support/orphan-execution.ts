import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createActionActivities } from '../../activities/execute-actions.js';
import { ruleProposal } from '../../activities/remediation-rules.js';
import { SqliteAuditStore } from '../../audit/index.js';
import type { CloudProvider } from '../../clouds/provider.js';
import { proposalHash, type Resource } from '../../core/index.js';
import { findOrphan } from '../../detect/orphans.js';
import { approvalRequirement, evaluate, PolicySchema, type Policy } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from './approver-keys.js';

/**
 * A policy that allows the orphan actions with one finops approver. The minimum saving is 0
 * because these tests' disks and addresses carry no bill: the saving is not what they test.
 */
export function orphanPolicy(): Policy {
  return withApproverKeys(
    PolicySchema.parse({
      approvals: { approvers: { alice: 'finops' } },
      rightsizing: { minMonthlySavingsUsd: 0 },
      execution: { allowedActions: ['delete-volume', 'release-address'], blockedInProduction: [] },
    }),
  );
}

/**
 * What the daily run, one approval and the actions worker do for an orphan: findOrphan → the rule's
 * proposal → evaluate() → previewChange (the provider's validation) → alice approves → executeAction
 * (fresh facts, authorize(), plan, apply once). Returns what each step answered and the audit log.
 */
export async function executeOrphan(cloud: CloudProvider, resource: Resource, workflowId: string, policy: Policy = orphanPolicy()) {
  const audit = new SqliteAuditStore(join(mkdtempSync(join(tmpdir(), `tollgate-${cloud.provider}-orphan-`)), 'audit.sqlite'));
  const now = () => new Date().toISOString();
  const activities = createActionActivities({ providerFor: () => cloud, audit, policy, clock: now, log: pino({ level: 'silent' }) });
  const finding = findOrphan(resource, now());
  if (!finding) throw new Error(`${resource.id} is not an orphan: ${resource.state}, attached to ${resource.attachedTo ?? 'nothing'}`);
  const proposal = ruleProposal(finding)!;
  const hash = proposalHash(proposal);
  const catalog = await cloud.catalog();
  const verdict = evaluate({ proposal, finding, resource, utilization: undefined, catalog, policy, factsAt: now(), now: now() });
  const plan = await activities.previewChange({ workflowId, finding, proposal, verdict });
  const input = {
    workflowId,
    runId: `run-${workflowId}`,
    finding,
    proposal,
    proposalHash: hash,
    approvals: [signedApproval(workflowId, { proposalHash: hash, decision: 'approve', approver: 'alice', reason: '', role: 'finops', at: now() })],
    requirement: approvalRequirement(resource, policy),
  };
  const executed = await activities.executeAction(input);
  return { finding, proposal, verdict, plan, executed, again: () => activities.executeAction(input), audit };
}
