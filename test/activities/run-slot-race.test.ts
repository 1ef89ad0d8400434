import { describe, expect, it } from 'vitest';
import { createActionActivities, type ExecuteInput } from '../../activities/execute-actions.js';
import { runStateOf } from '../../audit/index.js';
import { proposalHash, type Approval, type Proposal } from '../../core/index.js';
import { approvalRequirement } from '../../guardrails/index.js';
import { signedApproval } from '../support/approver-keys.js';
import { findingFor } from '../support/loop.js';
import { TestWorld } from '../support/world.js';

const WEB = 'i-0web0overprov01';
const BATCH = 'i-0batch0worker02';
const APPROVER = 'approver@example.com';

/** An approved resize of one sample VM, as the finding workflow hands it to the actions worker. */
async function approvedChange(world: TestWorld, runId: string, resourceId: string, toSku: string): Promise<ExecuteInput> {
  const finding = await findingFor(world, resourceId);
  const resource = await world.cloud.getResource(resourceId);
  const proposal: Proposal = {
    findingId: finding.id,
    action: { type: 'resize', provider: finding.provider, resourceId, region: finding.region, fromSku: resource.sku, toSku },
    rationale: 'scripted for this test',
    risk: 'low',
    estimatedMonthlySavingsUsd: finding.estimatedMonthlySavingsUsd,
    proposer: { kind: 'agent', id: 'rightsizer' },
    source: 'llm',
  };
  const workflowId = `${runId}-${resourceId}`;
  const hash = proposalHash(proposal);
  const approval: Approval = {
    proposalHash: hash,
    decision: 'approve',
    approver: APPROVER,
    reason: '',
    at: new Date().toISOString(),
    role: world.policy.approvals.approvers[APPROVER]!.role,
  };
  return {
    workflowId,
    runId,
    finding,
    proposal,
    proposalHash: hash,
    approvals: [signedApproval(workflowId, approval)],
    requirement: approvalRequirement(resource, world.policy),
  };
}

describe('two changes of one run applied at the same moment (SQLite audit store)', () => {
  it('with maxActionsPerRun 1, exactly one applies; the other is refused for blast radius; a retried winner applies once', async () => {
    // No LLM is called here (the base URL is never used): the proposals are scripted.
    const world = new TestWorld('http://127.0.0.1:9');
    world.policy = { ...world.policy, execution: { ...world.policy.execution, maxActionsPerRun: 1 } };
    const runId = `race-run-${process.pid}`;
    const inputs = [await approvedChange(world, runId, WEB, 'm5.large'), await approvedChange(world, runId, BATCH, 'm5.large')];
    // Two activities as two workers would run them: separate activity objects over the one audit store.
    const [a, b] = [createActionActivities(world.actionDeps()), createActionActivities(world.actionDeps())];

    const outcomes = await Promise.all([a.executeAction(inputs[0]!), b.executeAction(inputs[1]!)]);

    const applied = outcomes.filter((o) => o.status === 'applied');
    const refused = outcomes.flatMap((o) => (o.status === 'aborted' ? [o] : []));
    expect(applied).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Refused for blast radius alone: either change on its own would pass.
    expect(refused[0]!.reasons).toEqual([expect.stringContaining('blast radius')]);
    expect([WEB, BATCH].flatMap((id) => world.cloud.changesOf(id))).toHaveLength(1);
    // The refused change's claim is released: the run holds one change, as authorize() was told.
    expect(await runStateOf(world.audit, runId)).toMatchObject({ actionsThisRun: 1 });

    // A retry of the winner (its activity ran again after a crash) finds its own slot and applies nothing new.
    const winner = inputs[outcomes.findIndex((o) => o.status === 'applied')]!;
    const retried = await a.executeAction(winner);
    expect(retried.status).toBe('applied');
    expect([WEB, BATCH].flatMap((id) => world.cloud.changesOf(id))).toHaveLength(1);
    const claims = await world.audit.records({ step: 'claim' });
    expect(claims.filter((r) => r.workflowId === winner.workflowId)).toHaveLength(1);
    expect(await runStateOf(world.audit, runId)).toMatchObject({ actionsThisRun: 1 });
  });
});
