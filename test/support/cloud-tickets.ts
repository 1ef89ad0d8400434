import { actionHash, type Action, type Approval, type ExecutionTicket, type Verdict } from '../../core/index.js';
import { approvalRequirement, authorize, PolicySchema, type Policy } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from './approver-keys.js';

/** A policy that allows every action type the cloud adapters implement, with two approvers. */
export const cloudTestPolicy: Policy = withApproverKeys(
  PolicySchema.parse({
    approvals: { approvers: { 'approver@example.com': 'finops', 'second@example.com': 'platform' } },
    execution: { allowedActions: ['resize', 'stop', 'start', 'delete-volume', 'release-address'], blockedInProduction: [] },
  }),
);

/**
 * A real ExecutionTicket for `action`, issued by guardrails.authorize() from a passing verdict
 * (a verdict written for the adapter tests, not computed by evaluate()) and two approvals bound
 * to the proposal: tests never forge tickets.
 */
export function ticketFor(action: Action, now: string = new Date().toISOString(), scope = 'test-workflow'): ExecutionTicket {
  const hash = actionHash(action);
  const verdict: Verdict = {
    passed: true,
    actionHash: hash,
    factsAt: now,
    evaluatedAt: now,
    risk: 'low',
    ruleVersions: { 'cloud-adapter-test': 1 },
    // authorize() insists on the registry's exclusion-tag result; the adapter tests are not about checks.
    results: [{ check: 'exclusion-tag', version: 1, passed: true, reason: 'not tagged tollgate:exclude (adapter test verdict)', numbers: {} }],
  };
  const proposalHash = `proposal-${hash.slice(0, 16)}`;
  const approvals: Approval[] = ['approver@example.com', 'second@example.com'].map((approver) =>
    signedApproval(scope, {
      proposalHash,
      decision: 'approve',
      approver,
      reason: 'cloud adapter test',
      at: now,
      role: cloudTestPolicy.approvals.approvers[approver]!.role,
    }),
  );
  const resource = {
    id: action.resourceId,
    provider: action.provider,
    account: 'test',
    region: action.region,
    kind: 'vm' as const,
    name: '',
    sku: 'n/a',
    state: 'running' as const,
    tags: {},
  };
  const result = authorize({
    action,
    verdict,
    proposalHash,
    proposer: { kind: 'agent', id: 'rightsizing-agent' },
    approvals,
    requirement: approvalRequirement(resource, cloudTestPolicy),
    policy: cloudTestPolicy,
    scope,
    actionsThisRun: 0,
    now,
  });
  if (!result.allowed) throw new Error(`test ticket refused: ${result.reasons.join('; ')}`);
  return result.ticket;
}
