import { describe, expect, it } from 'vitest';
import { approvalBlocks } from '../../approvals/slack/blocks.js';
import type { PendingView, Proposal } from '../../core/index.js';

function viewWith(action: Proposal['action']): PendingView {
  return {
    workflowId: 'wf-1',
    findingId: 'f-1',
    state: 'AwaitingApproval',
    summary: 'ci-runner opted into off-hours schedule "dev-nights"',
    proposal: {
      findingId: 'f-1',
      action,
      rationale: 'owner opted in',
      risk: 'low',
      estimatedMonthlySavingsUsd: 84.5,
      proposer: { kind: 'system', id: 'remediation-rules' },
      source: 'rule',
    },
    proposalHash: 'h'.repeat(64),
    checks: [],
    approvals: [],
  };
}

describe('the Slack approval request says what will change', () => {
  it('shows an off-hours enrollment by its stop and start times and zone, not by a size', () => {
    const { text, blocks } = approvalBlocks({
      view: viewWith({
        type: 'off-hours',
        provider: 'aws',
        resourceId: 'i-0abc',
        region: 'eu-central-1',
        schedule: 'dev-nights',
        stopCron: '0 20 * * 1-5',
        startCron: '0 7 * * 1-5',
        timezone: 'Europe/Berlin',
      }),
    });
    expect(text).toContain('off-hours: stop "0 20 * * 1-5", start "0 7 * * 1-5" (Europe/Berlin)');
    const rendered = JSON.stringify(blocks);
    expect(rendered).toContain('*Change*');
    expect(rendered).not.toContain('target SKU');
  });

  it('shows a resize as current → target SKU', () => {
    const { text, blocks } = approvalBlocks({
      view: viewWith({ type: 'resize', provider: 'aws', resourceId: 'i-0abc', region: 'us-east-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' }),
    });
    expect(text).toContain('m5.2xlarge → m5.xlarge');
    expect(JSON.stringify(blocks)).toContain('*Current → target SKU*');
  });

  it('keeps the evidence when the message is updated from the workflow view alone (after a click, or with the outcome)', () => {
    const view: PendingView = {
      ...viewWith({ type: 'resize', provider: 'aws', resourceId: 'i-0abc', region: 'us-east-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' }),
      state: 'Executed',
      outcome: 'm5.2xlarge → m5.xlarge; healthy',
      utilization: {
        resourceId: 'i-0abc',
        from: '2026-11-09T00:00:00Z',
        to: '2026-11-23T00:00:00Z',
        hoursObserved: 336,
        cpu: { p50: 10, p95: 18, p99: 25, p995: 30, max: 45 },
      },
      plan: { steps: ['StopInstances i-0abc (DryRun)', 'ModifyInstanceAttribute i-0abc m5.xlarge (DryRun)'], validatedBy: 'aws DryRun' },
    };
    const rendered = JSON.stringify(approvalBlocks({ view }, ['Executed: healthy']).blocks);
    expect(rendered).toContain('*Utilization* over 336 h');
    expect(rendered).toContain('CPU P50 10');
    expect(rendered).toContain('ModifyInstanceAttribute i-0abc m5.xlarge (DryRun)');
    expect(rendered).not.toContain('tollgate_decision');
  });
});

describe('the Slack approval request says where the resource lives', () => {
  const action: Proposal['action'] = {
    type: 'delete-volume',
    provider: 'azure',
    resourceId: '/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.Compute/disks/old',
    region: 'westeurope',
  };

  it('names the subscription and region from the view', () => {
    const view = { ...viewWith(action), scope: { provider: 'azure' as const, account: 's-1', region: 'westeurope' } };
    expect(JSON.stringify(approvalBlocks({ view }).blocks)).toContain('(azure subscription s-1, westeurope)');
  });

  it('falls back to the finding, then to the action when neither recorded the account', () => {
    const finding = {
      id: 'f-1',
      kind: 'orphan-volume' as const,
      provider: 'gcp' as const,
      account: 'proj-a',
      resourceId: 'projects/proj-a/zones/europe-west1-b/disks/old',
      region: 'europe-west1',
      currentSku: 'pd-balanced',
      summary: 'old is an unattached volume',
      detectedAt: '2026-01-20T00:00:00Z',
      candidates: [],
      estimatedMonthlySavingsUsd: 0,
    };
    expect(JSON.stringify(approvalBlocks({ view: viewWith(action), finding }).blocks)).toContain('(gcp project proj-a, europe-west1)');
    expect(JSON.stringify(approvalBlocks({ view: viewWith(action) }).blocks)).toContain('(azure, westeurope)');
  });
});

describe('the Slack approval request shows the price evidence beside the savings', () => {
  it('names the price source and the catalog date', () => {
    const action: Proposal['action'] = { type: 'stop', provider: 'aws', resourceId: 'i-0idle', region: 'eu-west-1' };
    const view = { ...viewWith(action), pricing: { source: 'list price', catalogDate: '2026-08-01' } };
    expect(JSON.stringify(approvalBlocks({ view }).blocks)).toContain('$84.50 _(list price, catalog 2026-08-01)_');
    expect(JSON.stringify(approvalBlocks({ view: viewWith(action) }).blocks)).not.toContain('catalog');
  });
});
