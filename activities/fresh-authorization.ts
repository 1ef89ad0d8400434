import type { CloudReader } from '../clouds/provider.js';
import type { Verdict } from '../core/index.js';
import { authorize, evaluate, type Authorization } from '../guardrails/index.js';
import type { ActionDeps } from './deps.js';
import type { ExecuteInput } from './execute-actions.js';
import { gatherFacts } from './facts.js';
import { runStateOf, spendOf } from './run-ledger.js';

/**
 * The approved proposal judged again on facts read now, then authorize(): what changed since
 * the approval (a failed check) refuses it as drift, before any ticket is asked for. The run's
 * blast radius counts the claims before this change's slot (activities/run-slot.ts) alone.
 */
export async function authorizeOnFreshFacts(
  deps: Pick<ActionDeps, 'audit' | 'policy'>,
  cloud: CloudReader,
  input: ExecuteInput,
  now: string,
  slot: number,
): Promise<{ verdict: Verdict; authorization: Authorization }> {
  const { workflowId, finding, proposal } = input;
  const facts = await gatherFacts(cloud, finding, proposal, deps.policy, now);
  const [runState, spend] = await Promise.all([runStateOf(deps.audit, input.runId, { beforeSlot: slot }), spendOf(deps.audit, workflowId, input.runId)]);
  const verdict = evaluate({ ...facts, runState, spend });
  if (!verdict.passed) {
    return { verdict, authorization: { allowed: false, reasons: verdict.results.filter((r) => !r.passed).map((r) => `drift since approval: ${r.reason}`) } };
  }
  const authorization = authorize({
    action: proposal.action,
    verdict,
    proposalHash: input.proposalHash,
    proposer: proposal.proposer,
    approvals: input.approvals,
    requirement: input.requirement,
    policy: deps.policy,
    scope: workflowId,
    actionsThisRun: runState.actionsThisRun,
    monthlyUsdChangedThisRun: runState.monthlyUsdChangedThisRun,
    resource: facts.resource,
    proposal,
    now,
  });
  return { verdict, authorization };
}
