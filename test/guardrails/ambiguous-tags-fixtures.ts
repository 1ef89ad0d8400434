import { proposalHash, type Approval, type Resource } from '../../core/index.js';
import { approvalRequirement, authorize, evaluate } from '../../guardrails/index.js';
import { signedApproval, withApproverKeys } from '../support/approver-keys.js';
import { context, NOW, policy, proposalFor, RESOURCE, resize } from './fixtures.js';

/** One resize, two signing approvers and a policy listing their keys: the ambiguous-tag tests' shared world. */
export const approvers = { alice: 'finops', bob: 'platform' };
export const p = withApproverKeys(policy({ approvals: { approvers } }));
const action = resize('m5.xlarge');
const proposal = proposalFor(action);
const hash = proposalHash(proposal);
export const alice: Approval = signedApproval('wf-1', { proposalHash: hash, decision: 'approve', approver: 'alice', reason: '', role: 'finops', at: NOW });
export const bob: Approval = signedApproval('wf-1', { ...alice, approver: 'bob', role: 'platform' });

/**
 * authorize() for the resize on `resource`, with a verdict computed on `verdictResource` and a
 * requirement computed on a clean read: authorize() must still take the policy's word on the resource.
 */
export function authorizeOn(resource: Resource, approvals: Approval[], verdictResource: Resource = resource) {
  return authorize({
    action,
    verdict: evaluate(context({ policy: p, resource: verdictResource })),
    proposalHash: hash,
    proposer: proposal.proposer,
    approvals,
    requirement: approvalRequirement(RESOURCE, p),
    policy: p,
    scope: 'wf-1',
    actionsThisRun: 0,
    resource,
    proposal,
    now: NOW,
  });
}
