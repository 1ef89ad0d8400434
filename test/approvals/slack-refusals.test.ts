import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackApprovals, type ApprovalGateway } from '../../approvals/slack/index.js';
import type { DecideInput, PendingView } from '../../core/index.js';
import { SlackApiServer } from '../support/slack-api.js';
import { postInteraction } from '../support/slack-signing.js';

const SECRET = 'test-signing-secret-refusals-0123456789';
const HASH = 'b'.repeat(64);
const WORKFLOW = 'finding-i-0refuse-resize';

/**
 * A RECORDING STUB of the Temporal gateway (not Temporal): one waiting workflow; any other id is
 * unknown, as the real `pending` Query answers for a workflow that does not exist. The real
 * Temporal path for an unknown workflow is in slack-notify.test.ts.
 */
class OneWorkflowGateway implements ApprovalGateway {
  readonly decisions: DecideInput[] = [];
  async show(workflowId: string): Promise<PendingView> {
    if (workflowId !== WORKFLOW) throw new Error(`workflow not found for ID: ${workflowId}`);
    return {
      workflowId: WORKFLOW,
      findingId: 'rightsizing:i-0refuse',
      state: 'AwaitingApproval',
      summary: 'i-0refuse is oversized',
      proposal: {
        findingId: 'rightsizing:i-0refuse',
        action: { type: 'resize', provider: 'aws', resourceId: 'i-0refuse', region: 'eu-west-1', fromSku: 'm5.2xlarge', toSku: 'm5.xlarge' },
        rationale: 'half the vCPUs suffice',
        risk: 'low',
        estimatedMonthlySavingsUsd: 140,
        proposer: { kind: 'agent', id: 'rightsizer' },
        source: 'llm',
      },
      proposalHash: HASH,
      checks: [],
      requirement: { required: 1, approvers: { 'approver@example.com': 'finops' }, allowedRoles: ['finops'], expiresInMs: 3600_000 },
      approvals: [],
    };
  }
  async decide(_workflowId: string, decision: DecideInput): Promise<PendingView> {
    this.decisions.push(decision);
    return this.show(WORKFLOW);
  }
}

const policy = { approvers: { U_ALICE: 'approver@example.com' }, channels: {}, defaultChannel: 'C_FINOPS', snooze: '4h' };

/** A Slack stack trace or error name must never reach the HTTP response. */
function expectNoTrace(body: string): void {
  expect(body).not.toMatch(/\bat .*\.(ts|js):\d+|Error:|ClickRefusal|ZodError/);
}

describe('refused Slack requests and clicks: the user is told why, nothing is decided', () => {
  let slackApi: SlackApiServer;
  let apiUrl: string;
  let slack: SlackApprovals;
  let gateway: OneWorkflowGateway;
  let eventsUrl: string;
  const warnings: string[] = [];

  beforeEach(async () => {
    slackApi = new SlackApiServer();
    apiUrl = await slackApi.start();
    gateway = new OneWorkflowGateway();
    warnings.length = 0;
    slack = new SlackApprovals({
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      slackApiUrl: apiUrl,
      policy,
      gateway,
      log: { warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`) },
    });
    const server = await slack.start(0);
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await slack.stop();
    await slackApi.stop();
  });

  const click = (actionId: string, value: string, where: { channel?: string } = { channel: 'C_FINOPS' }) => ({
    type: 'block_actions',
    user: { id: 'U_ALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    team: { id: 'T0001', domain: 'example' },
    trigger_id: 'trigger-1',
    response_url: `${apiUrl}response/T0001/1/abc`,
    ...(where.channel
      ? {
          channel: { id: where.channel, name: 'finops' },
          container: { type: 'message', message_ts: '1700000000.000100', channel_id: where.channel },
          message: { ts: '1700000000.000100', type: 'message', text: 'Approval needed' },
        }
      : { container: { type: 'view', view_id: 'V1' } }),
    actions: [{ type: 'button', action_id: actionId, block_id: 'tollgate_decision', value, action_ts: '1' }],
  });

  const submission = (privateMetadata: string) => ({
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
      private_metadata: privateMetadata,
      state: { values: { reason: { reason_input: { type: 'plain_text_input', value: 'not during the freeze' } } } },
      hash: 'h',
    },
  });

  const valueFor = (workflowId: string, proposalHash = HASH) => JSON.stringify({ workflowId, proposalHash });

  it('refuses a correctly signed request stamped more than 5 minutes in the future, and accepts one within the window', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await postInteraction(eventsUrl, click('tollgate_approve', valueFor(WORKFLOW)), { secret: SECRET, timestampSec: now + 6 * 60 });
    expect(future.status).toBe(401);
    expect(await future.text()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.decisions).toEqual([]);
    expect(slackApi.calls).toEqual([]);
    expect(warnings.join('\n')).toMatch(/more than 5 minutes in the future/);

    const withinSkew = await postInteraction(eventsUrl, click('tollgate_approve', valueFor(WORKFLOW)), { secret: SECRET, timestampSec: now + 4 * 60 });
    expect(withinSkew.status).toBe(200);
    await slackApi.waitFor('chat.update');
    expect(gateway.decisions).toMatchObject([{ decision: 'approve', approver: 'approver@example.com' }]);
  });

  it.each([
    ['a button value that is not JSON', 'tollgate_approve', 'approve-me', /This button is not a Tollgate approval reference, so nothing was decided/],
    [
      'a button value without the proposal hash',
      'tollgate_approve',
      JSON.stringify({ workflowId: WORKFLOW }),
      /does not carry a valid workflow id and proposal hash \(proposalHash\)/,
    ],
    [
      'a button value with an extra field',
      'tollgate_reject',
      JSON.stringify({ workflowId: WORKFLOW, proposalHash: HASH, approver: 'x' }),
      /does not carry a valid/,
    ],
    [
      'Approve on an unknown workflow',
      'tollgate_approve',
      valueFor('finding-gone'),
      /No approval request finding-gone could be read \(workflow not found for ID: finding-gone\), so nothing was decided/,
    ],
    ['Reject on an unknown workflow', 'tollgate_reject', valueFor('finding-gone'), /No approval request finding-gone could be read/],
    ['Snooze on an unknown workflow', 'tollgate_snooze', valueFor('finding-gone'), /No approval request finding-gone could be read/],
  ])('answers %s with an ephemeral message to the clicker', async (_case, actionId, value, expected) => {
    const response = await postInteraction(eventsUrl, click(actionId, value), { secret: SECRET });
    expect(response.status).toBe(200);
    expectNoTrace(await response.text());
    const [told] = await slackApi.waitFor('chat.postEphemeral');
    expect(told!.args).toMatchObject({ channel: 'C_FINOPS', user: 'U_ALICE' });
    expect(told!.args.text).toMatch(expected);
    expectNoTrace(String(told!.args.text));
    expect(gateway.decisions).toEqual([]);
    expect(slackApi.called('views.open')).toEqual([]);
    expect(slackApi.called('chat.scheduleMessage')).toEqual([]);
  });

  it('answers a click that names no channel through its response_url', async () => {
    await postInteraction(eventsUrl, click('tollgate_approve', valueFor(WORKFLOW), {}), { secret: SECRET });
    const [answer] = await slackApi.waitFor('response/T0001/1/abc');
    expect(answer!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer!.args.text).toMatch(/did not come from an approval message Tollgate can update, so nothing was decided/);
    expect(gateway.decisions).toEqual([]);
  });

  it('shows bad reject-form metadata as the form’s own error, and decides nothing', async () => {
    for (const metadata of [
      '{not json',
      JSON.stringify({ workflowId: WORKFLOW, proposalHash: HASH }),
      JSON.stringify({ workflowId: WORKFLOW, proposalHash: 'short', channel: 'C', ts: '1' }),
    ]) {
      const response = await postInteraction(eventsUrl, submission(metadata), { secret: SECRET });
      expect(response.status).toBe(200);
      const body = await response.text();
      expectNoTrace(body);
      const answer = JSON.parse(body) as { response_action: string; errors: Record<string, string> };
      expect(answer.response_action).toBe('errors');
      expect(answer.errors.reason).toMatch(/This form (is not a Tollgate approval reference|does not carry a valid workflow id)/);
      expect(answer.errors.reason!.length).toBeLessThanOrEqual(150);
    }
    expect(gateway.decisions).toEqual([]);
    // Bolt's own auth.test per request aside, nothing was posted or opened.
    expect(slackApi.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('tells the submitter when the form names an unknown workflow', async () => {
    const metadata = JSON.stringify({ workflowId: 'finding-gone', proposalHash: HASH, channel: 'C_FINOPS', ts: '1700000000.000100' });
    const response = await postInteraction(eventsUrl, submission(metadata), { secret: SECRET });
    expect(response.status).toBe(200);
    const [told] = await slackApi.waitFor('chat.postEphemeral');
    expect(told!.args).toMatchObject({ channel: 'C_FINOPS', user: 'U_ALICE' });
    expect(told!.args.text).toMatch(/No approval request finding-gone could be read/);
    expect(gateway.decisions).toEqual([]);
  });

  it('escapes untrusted text in what it tells the user: a crafted workflow id mentions nobody', async () => {
    await postInteraction(eventsUrl, click('tollgate_approve', valueFor('<!channel> <@U_BOSS> <https://evil.example|approve here>')), { secret: SECRET });
    const [told] = await slackApi.waitFor('chat.postEphemeral');
    const text = String(told!.args.text);
    expect(text).toContain('&lt;!channel&gt; &lt;@U_BOSS&gt; &lt;https://evil.example|approve here&gt;');
    expect(text).not.toMatch(/[<>]/);
  });

  it('listens on 127.0.0.1 unless a host is given', async () => {
    const other = new SlackApprovals({ signingSecret: SECRET, botToken: 'xoxb-test-token', slackApiUrl: apiUrl, policy, gateway });
    const server = await other.start(0);
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await other.stop();
    }
  });
});
