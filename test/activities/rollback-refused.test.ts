import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createActionActivities, type ExecuteInput } from '../../activities/execute-actions.js';
import { ROLLBACK_FAILED, type Proposal } from '../../core/index.js';
import { approvalRequirement } from '../../guardrails/index.js';
import { findingFor } from '../support/loop.js';
import { TestWorld } from '../support/world.js';

const WEB = 'i-0web0overprov01';

describe('rollbackAction refused by authorizeRollback()', () => {
  it('records the refusal and fails non-retryable, changing nothing', async () => {
    // No LLM is called here (the base URL is never used): the proposal is scripted, as the rightsizer would make it.
    const world = new TestWorld('http://127.0.0.1:9');
    const finding = await findingFor(world, WEB);
    const proposal: Proposal = {
      findingId: finding.id,
      action: { type: 'resize', provider: finding.provider, resourceId: WEB, region: finding.region, fromSku: 'm5.2xlarge', toSku: 'm5.large' },
      rationale: 'scripted for this test',
      risk: 'low',
      estimatedMonthlySavingsUsd: finding.estimatedMonthlySavingsUsd,
      proposer: { kind: 'agent', id: 'rightsizer' },
      source: 'llm',
    };
    const resource = await world.cloud.getResource(WEB);
    const input: ExecuteInput & { applied: Parameters<ReturnType<typeof createActionActivities>['rollbackAction']>[0]['applied']; reason: string } = {
      workflowId: 'wf-rollback-refused',
      runId: 'run-1',
      finding,
      proposal,
      proposalHash: 'f'.repeat(64),
      // No approval at all: the original change was not approved as the policy requires, so nothing may undo it on its authority.
      approvals: [],
      requirement: approvalRequirement(resource, world.policy),
      applied: {
        action: proposal.action,
        idempotencyKey: 'k-1',
        appliedNow: true,
        priorSku: 'm5.2xlarge',
        currentSku: 'm5.large',
        at: new Date().toISOString(),
      },
      reason: 'CPU P99 99% after the change exceeds the 80% ceiling',
    };
    const error = await createActionActivities(world.actionDeps())
      .rollbackAction(input)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe(ROLLBACK_FAILED);
    expect((error as ApplicationFailure).message).toContain('rollback refused: the original change was not approved as the policy requires');
    const [record] = await world.audit.records({ workflowId: 'wf-rollback-refused', step: 'rollback' });
    expect(record?.output).toMatchObject({ status: 'refused', reasons: ['the original change was not approved as the policy requires'] });
    expect(record?.outcome).toBe('rollback refused: the original change was not approved as the policy requires');
    expect(world.cloud.changesOf(WEB)).toHaveLength(0);
  });
});
