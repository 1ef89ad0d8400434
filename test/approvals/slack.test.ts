import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackApprovals, type ApprovalGateway, type ApprovalRequest } from '../../approvals/slack/index.js';
import type { DecideInput, Finding, PendingView } from '../../core/index.js';
import { SlackApiServer } from '../support/slack-api.js';
import { postInteraction, slackSignature } from '../support/slack-signing.js';
import { keyPairSigner, type ApprovalSigner } from '../../approvals/signing/approval-signer.js';
import { generateKeyPair } from '../../approvals/signing/openssh-key.js';
import { formatSshPublicKey, signatureRefusal } from '../../core/index.js';
import { approvalRequirement, PolicySchema } from '../../guardrails/index.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const HASH = 'a'.repeat(64);

/**
 * A RECORDING STUB of the Temporal gateway, not Temporal: it keeps one PendingView in memory,
 * records every decide() call and applies it as the workflow's handler would. The workflow's own
 * validator is covered by the workflow tests against a real Temporal dev server.
 */
class RecordingGateway implements ApprovalGateway {
  readonly decisions: { workflowId: string; decision: DecideInput }[] = [];
  constructor(public view: PendingView) {}
  async show(): Promise<PendingView> {
    return structuredClone(this.view);
  }
  async decide(workflowId: string, decision: DecideInput): Promise<PendingView> {
    this.decisions.push({ workflowId, decision });
    if (decision.proposalHash !== this.view.proposalHash) throw new Error(`decision refused for ${workflowId}: stale proposal hash`);
    this.view.approvals.push({ ...decision, at: '2025-03-03T10:00:00.000Z', role: this.view.requirement!.approvers[decision.approver]! });
    return structuredClone(this.view);
  }
}

function pendingView(required: number): PendingView {
  return {
    workflowId: 'finding-i-0abc-resize',
    findingId: 'rightsizing:i-0abc',
    state: 'AwaitingApproval',
    summary: 'i-0abc (m5.2xlarge) runs at CPU P99.5 18% over 14 days',
    proposal: {
      findingId: 'rightsizing:i-0abc',
      action: { type: 'resize', provider: 'aws', resourceId: 'i-0abc', region: 'eu-west-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' },
      rationale: 'Half the vCPUs keep projected P99.5 CPU at 36%.',
      risk: 'low',
      estimatedMonthlySavingsUsd: 140.16,
      proposer: { kind: 'agent', id: 'rightsizer' },
      source: 'llm',
    },
    proposalHash: HASH,
    checks: [{ check: 'headroom', version: 2, passed: true, reason: 'projected CPU P99.5 36% ≤ 80%', numbers: { projectedCpuP995Pct: 36, maxPct: 80 } }],
    requirement: {
      required,
      approvers: { 'approver@example.com': 'finops', 'second@example.com': 'platform', 'viewer@example.com': 'viewer', rightsizer: 'finops' },
      allowedRoles: ['finops', 'platform'],
      expiresInMs: 72 * 3600_000,
    },
    approvals: [],
    expiresAt: '2025-03-06T10:00:00.000Z',
  };
}

const finding = {
  utilization: {
    resourceId: 'i-0abc',
    from: '2025-02-17T00:00:00Z',
    to: '2025-03-03T00:00:00Z',
    hoursObserved: 336,
    cpu: { p50: 6.2, p95: 14.1, p99: 17.3, p995: 18.0, max: 41.5 },
    memory: { p95: 38.2, p99: 44.9 },
  },
} as unknown as Finding;

const policy = {
  approvers: { U_ALICE: 'approver@example.com', U_VIEWER: 'viewer@example.com', U_BOT_OWNER: 'rightsizer', S_PLATFORM: 'second@example.com' },
  channels: { 'team-payments': 'C_PAYMENTS' },
  defaultChannel: 'C_FINOPS',
  snooze: '4h',
};

describe('Slack approvals over HTTP with signature verification', () => {
  let slackApi: SlackApiServer;
  let slack: SlackApprovals;
  let gateway: RecordingGateway;
  let eventsUrl: string;
  let message: { channel: string; ts: string };

  async function setUp(required: number, owner = 'team-payments', signer?: ApprovalSigner): Promise<void> {
    slackApi = new SlackApiServer();
    slackApi.groups = { S_PLATFORM: ['U_BOB'] };
    const apiUrl = await slackApi.start();
    gateway = new RecordingGateway(pendingView(required));
    slack = new SlackApprovals({
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      slackApiUrl: apiUrl,
      policy,
      gateway,
      ...(signer ? { signer } : {}),
      now: () => new Date('2025-03-03T10:00:00Z'),
    });
    const server = await slack.start(0);
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const request: ApprovalRequest = {
      view: gateway.view,
      finding,
      owner,
      dryRunPlan: 'ModifyInstanceAttribute i-0abc InstanceType=m5.xlarge (DryRun: would succeed)',
    };
    message = await slack.requestApproval(request);
  }

  const click = (actionId: string, user: string) => ({
    type: 'block_actions',
    user: { id: user, username: user, name: user, team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    team: { id: 'T0001', domain: 'example' },
    trigger_id: 'trigger-1',
    channel: { id: message.channel, name: 'payments' },
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
    message: { ts: message.ts, type: 'message', text: 'Approval needed' },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'tollgate_decision',
        value: JSON.stringify({ workflowId: gateway.view.workflowId, proposalHash: HASH }),
        action_ts: '1',
      },
    ],
  });

  beforeEach(() => undefined);
  afterEach(async () => {
    await slack?.stop();
    await slackApi?.stop();
  });

  it('posts the request with the evidence to the owner’s channel', async () => {
    await setUp(2);
    const [post] = slackApi.called('chat.postMessage');
    expect(post!.args.channel).toBe('C_PAYMENTS');
    const text = JSON.stringify(post!.args.blocks);
    for (const evidence of [
      'm5.2xlarge',
      'm5.xlarge',
      '$140.16',
      'low',
      'P95 14.1%',
      'P99.5 18.0%',
      'memory P95 38.2%',
      'projectedCpuP995Pct=36',
      'Dry-run plan',
      'ModifyInstanceAttribute',
    ])
      expect(text).toContain(evidence);
    expect(text).toContain('0 of 2');
    expect(text).toContain('<@U_ALICE> (finops)'); // who must still approve, mentioned
    expect(text).not.toContain('viewer@example.com (viewer)');
    expect(text).not.toContain('rightsizer (finops)'); // the proposer is never listed as an approver
    expect((post!.args.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(true);
  });

  it('routes a request without a mapped owner to the default channel', async () => {
    await setUp(1, 'team-unknown');
    expect(slackApi.called('chat.postMessage')[0]!.args.channel).toBe('C_FINOPS');
  });

  it('turns a signed Approve click into decide() and updates the message', async () => {
    await setUp(2);
    const response = await postInteraction(eventsUrl, click('tollgate_approve', 'U_ALICE'), { secret: SECRET });
    expect(response.status).toBe(200);
    const [update] = await slackApi.waitFor('chat.update');
    expect(gateway.decisions).toEqual([
      {
        workflowId: 'finding-i-0abc-resize',
        decision: { proposalHash: HASH, decision: 'approve', approver: 'approver@example.com', reason: 'approved in Slack' },
      },
    ]);
    const text = JSON.stringify(update!.args.blocks);
    expect(update!.args.ts).toBe(message.ts);
    expect(text).toContain('1 of 2');
    expect(text).toContain('Approved by <@U_ALICE> as approver@example.com');
    expect(text).toContain('Still needed:* 1 more');
  });

  it('signs the decision with the app’s key for the Slack-verified approver; the policy trusts that key only for mapped approvers', async () => {
    const appKey = generateKeyPair('tollgate slack app');
    await setUp(2, 'team-payments', keyPairSigner(appKey));
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_ALICE'), { secret: SECRET });
    await slackApi.waitFor('chat.update');
    const [{ decision, workflowId }] = gateway.decisions as [{ workflowId: string; decision: DecideInput }];
    expect(decision).toMatchObject({ approver: 'approver@example.com', at: '2025-03-03T10:00:00.000Z' });
    const appPublic = formatSshPublicKey(appKey.publicKey);
    const trusted = approvalRequirement(
      { id: 'i-0abc', provider: 'sandbox', account: 'a', region: 'r', kind: 'vm', name: 'n', sku: 's', state: 'running', tags: {} },
      PolicySchema.parse({
        approvals: {
          // every approver a Slack user maps to is listed (a policy that maps to nobody is refused at load)
          approvers: { ...Object.fromEntries(Object.values(policy.approvers).map((id) => [id, 'finops'])), 'other@example.com': 'finops' },
          slack: { approvers: policy.approvers, appKeys: [appPublic] },
        },
      }),
    ).keys!;
    expect(signatureRefusal(decision, workflowId, trusted['approver@example.com']!, false)).toBeUndefined();
    // the app's key does not vouch for an approver no Slack user maps to
    const asOther = { ...decision, approver: 'other@example.com' };
    expect(signatureRefusal(asOther, workflowId, trusted['other@example.com']!, false)).toMatch(/no key in the policy/);
  });

  it('refuses a forged signature with 401 and never decides', async () => {
    await setUp(1);
    const payload = click('tollgate_approve', 'U_ALICE');
    const forged = await postInteraction(eventsUrl, payload, { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    const tamperedBody = await postInteraction(eventsUrl, payload, {
      secret: SECRET,
      signature: slackSignature(SECRET, Math.floor(Date.now() / 1000), 'payload=other'),
    });
    expect(tamperedBody.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.decisions).toEqual([]);
    expect(slackApi.called('chat.update')).toEqual([]);
  });

  it('refuses a correctly signed request replayed after the 5-minute window', async () => {
    await setUp(1);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const replayed = await postInteraction(eventsUrl, click('tollgate_approve', 'U_ALICE'), { secret: SECRET, timestampSec: sixMinutesAgo });
    expect(replayed.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.decisions).toEqual([]);
  });

  it('tells a non-approver why, and an unmapped user how to get mapped, without deciding', async () => {
    await setUp(1);
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_VIEWER'), { secret: SECRET });
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_STRANGER'), { secret: SECRET });
    const [viewer, stranger] = await slackApi.waitFor('chat.postEphemeral', 2);
    expect(viewer!.args).toMatchObject({ user: 'U_VIEWER', channel: 'C_PAYMENTS' });
    expect(viewer!.args.text).toMatch(/viewer@example.com has role viewer, which may not approve/);
    expect(stranger!.args.text).toMatch(/not mapped to an approver.*approvals\.slack\.approvers/);
    expect(gateway.decisions).toEqual([]);
  });

  it('never lets the proposer approve, even when mapped to an allowed role', async () => {
    await setUp(1);
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_BOT_OWNER'), { secret: SECRET });
    const [refusal] = await slackApi.waitFor('chat.postEphemeral');
    expect(refusal!.args.text).toMatch(/rightsizer proposed this change and cannot approve it/);
    expect(gateway.decisions).toEqual([]);
  });

  it('production: the same person cannot approve twice; a second approver (via user group) completes it', async () => {
    await setUp(2);
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_ALICE'), { secret: SECRET });
    await slackApi.waitFor('chat.update', 1);
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_ALICE'), { secret: SECRET });
    const [again] = await slackApi.waitFor('chat.postEphemeral');
    expect(again!.args.text).toMatch(/already decided.*second, different approver/);
    await postInteraction(eventsUrl, click('tollgate_approve', 'U_BOB'), { secret: SECRET });
    const updates = await slackApi.waitFor('chat.update', 2);
    expect(gateway.decisions.map((d) => d.decision.approver)).toEqual(['approver@example.com', 'second@example.com']);
    expect(JSON.stringify(updates[1]!.args.blocks)).toContain('2 of 2');
  });

  it('Reject opens a modal; the submitted reason reaches decide() and the message', async () => {
    await setUp(1);
    await postInteraction(eventsUrl, click('tollgate_reject', 'U_ALICE'), { secret: SECRET });
    const [open] = await slackApi.waitFor('views.open');
    const modal = open!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('tollgate_reject_reason');
    expect(gateway.decisions).toEqual([]);
    const submission = {
      type: 'view_submission',
      user: { id: 'U_ALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      team: { id: 'T0001', domain: 'example' },
      trigger_id: 'trigger-2',
      view: {
        id: 'V0001',
        type: 'modal',
        callback_id: 'tollgate_reject_reason',
        private_metadata: modal.private_metadata,
        state: { values: { reason: { reason_input: { type: 'plain_text_input', value: 'quarter-end batch needs the headroom' } } } },
        hash: 'h',
      },
    };
    const response = await postInteraction(eventsUrl, submission, { secret: SECRET });
    expect(response.status).toBe(200);
    const [update] = await slackApi.waitFor('chat.update');
    expect(gateway.decisions[0]!.decision).toMatchObject({
      decision: 'reject',
      approver: 'approver@example.com',
      reason: 'quarter-end batch needs the headroom',
    });
    expect(JSON.stringify(update!.args.blocks)).toContain('quarter-end batch needs the headroom');
  });

  it('Snooze schedules a reminder in the thread', async () => {
    await setUp(1);
    await postInteraction(eventsUrl, click('tollgate_snooze', 'U_ALICE'), { secret: SECRET });
    const [scheduled] = await slackApi.waitFor('chat.scheduleMessage');
    expect(scheduled!.args).toMatchObject({ channel: 'C_PAYMENTS', thread_ts: message.ts });
    expect(Number(scheduled!.args.post_at)).toBe(Date.parse('2025-03-03T14:00:00Z') / 1000);
    expect(gateway.decisions).toEqual([]);
  });

  it('updates the message with the executor’s result and drops the buttons', async () => {
    await setUp(1);
    await slack.postResult(
      { ...gateway.view, state: 'Executed', outcome: 'm5.2xlarge → m5.xlarge; CPU P99 31.0% within the 80% ceiling' },
      'Executor: applied under key k-123',
    );
    const [update] = await slackApi.waitFor('chat.update');
    const blocks = update!.args.blocks as { type: string }[];
    expect(JSON.stringify(blocks)).toContain('Executed');
    expect(JSON.stringify(blocks)).toContain('applied under key k-123');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
