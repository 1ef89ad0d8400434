import { describe, expect, it } from 'vitest';
import { approvalBlocks } from '../../approvals/slack/blocks.js';
import type { PendingView } from '../../core/index.js';

function view(risk: PendingView['risk']): PendingView {
  return {
    workflowId: 'wf-1',
    findingId: 'f-1',
    state: 'AwaitingApproval',
    summary: 'api-prod is over-provisioned',
    proposal: {
      findingId: 'f-1',
      action: { type: 'resize', provider: 'aws', resourceId: 'i-0api', region: 'eu-central-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' },
      rationale: 'the model says this is safe',
      // The model's own claim: an input, never shown as the risk.
      risk: 'low',
      estimatedMonthlySavingsUsd: 420.48,
      proposer: { kind: 'agent', id: 'rightsizer' },
      source: 'llm',
    },
    proposalHash: 'h'.repeat(64),
    ...(risk ? { risk } : {}),
    checks: [],
    approvals: [],
  };
}

const riskField = (v: PendingView) => JSON.stringify(approvalBlocks({ view: v }).blocks).match(/\*Risk\*\\n([^"]*)"/)?.[1];

describe('the Slack request shows the guardrails’ risk, not the model’s', () => {
  it('shows the verdict’s risk when the model claimed another', () => {
    expect(riskField(view('high'))).toBe('high');
  });
  it('shows "unknown" for a request that carries no verdict risk, never the model’s claim', () => {
    expect(riskField(view(undefined))).toBe('unknown');
  });
});
