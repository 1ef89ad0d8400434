import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { ACTION_IDS, SlackApprovals, SlackNotifier, temporalGateway } from '../../approvals/slack/index.js';
import { pendingQuery } from '../../workflows/messages.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';
import { postInteraction } from '../support/slack-signing.js';
import { keyPairSigner } from '../../approvals/signing/approval-signer.js';
import { generateKeyPair } from '../../approvals/signing/openssh-key.js';
import { formatSshPublicKey, parseSshSignature } from '../../core/index.js';
import { decideSigned } from '../support/approver-keys.js';

const SECRET = 'test-signing-secret';

describe('approval requests and outcomes in Slack, from the real workflow', () => {
  let loop: Loop;
  let apiUrl: string;
  const slack = new SlackApiServer();
  beforeAll(async () => {
    const [started, url] = await Promise.all([startLoop(), slack.start()]);
    loop = started;
    apiUrl = url;
    const client = new WebClient('xoxb-test-token', { slackApiUrl: apiUrl });
    loop.world.notifier = new SlackNotifier(client, { channels: { web: 'C-WEB' }, defaultChannel: 'C-FINOPS' });
  });
  afterAll(async () => {
    await loop?.stop();
    await slack.stop();
  });

  it('posts the request with the evidence to the owner team channel, then puts the outcome on the same message', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const [post] = await slack.waitFor('chat.postMessage', 1);
    expect(post!.args.channel).toBe('C-WEB');
    const posted = JSON.stringify(post!.args);
    expect(posted).toContain('m5.large');
    expect(posted).toContain(pending.proposalHash!);
    expect(posted).toContain('change size m5.2xlarge → m5.large'); // the dry-run plan
    // the workflow keeps where the request went, so the outcome can update that message
    let view = await handle.query(pendingQuery);
    for (let i = 0; i < 50 && !view.message; i++) view = await new Promise((r) => setTimeout(r, 100)).then(() => handle.query(pendingQuery));
    expect(view.message?.channel).toBe('C-WEB');

    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: '' });
    await waitFor(handle, ['Executed']);
    const [update] = await slack.waitFor('chat.update', 1);
    expect(update!.args).toMatchObject({ channel: 'C-WEB', ts: view.message!.ts });
    expect(JSON.stringify(update!.args)).toContain('Executed');
  });

  it('an Approve click from a mapped Slack user reaches the workflow through the real Temporal client and the change executes', async () => {
    const appKey = generateKeyPair('tollgate slack app (test)');
    const receiver = new SlackApprovals({
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      slackApiUrl: apiUrl,
      policy: { approvers: { U_ALICE: 'approver@example.com' }, channels: { web: 'C-WEB' }, defaultChannel: 'C-FINOPS', snooze: '4h' },
      gateway: temporalGateway(loop.env.client),
      signer: keyPairSigner(appKey),
    });
    const server = await receiver.start(0);
    loop.world.reset();
    // the policy trusts the Slack app's key for the approver U_ALICE maps to
    const approvals = loop.world.policy.approvals;
    loop.world.policy = {
      ...loop.world.policy,
      approvals: {
        ...approvals,
        slack: { ...approvals.slack, approvers: { U_ALICE: 'approver@example.com' }, appKeys: [formatSshPublicKey(appKey.publicKey)] },
      },
    };
    try {
      const before = slack.called('chat.postMessage').length;
      const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
      await waitFor(handle, ['AwaitingApproval']);
      const [post] = (await slack.waitFor('chat.postMessage', before + 1)).slice(before);
      // the button exactly as posted: it carries the workflow and the proposal hash the approver saw
      const blocks: unknown = typeof post!.args.blocks === 'string' ? JSON.parse(post!.args.blocks) : post!.args.blocks;
      const value = JSON.parse(buttonValue(blocks, ACTION_IDS.approve)!) as { workflowId: string; proposalHash: string };
      expect(value.workflowId).toBe(handle.workflowId);
      let view = await handle.query(pendingQuery);
      for (let i = 0; i < 50 && !view.message; i++) view = await new Promise((r) => setTimeout(r, 100)).then(() => handle.query(pendingQuery));
      const ts = view.message!.ts;
      const click = {
        type: 'block_actions',
        user: { id: 'U_ALICE', username: 'alice', name: 'alice', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        team: { id: 'T1', domain: 'example' },
        trigger_id: 'trigger-1',
        channel: { id: 'C-WEB', name: 'web' },
        container: { type: 'message', message_ts: ts, channel_id: 'C-WEB' },
        message: { ts, type: 'message', text: 'Approval needed' },
        actions: [{ type: 'button', action_id: ACTION_IDS.approve, block_id: 'tollgate_decision', value: JSON.stringify(value), action_ts: '1' }],
      };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      expect((await postInteraction(url, click, { secret: SECRET })).status).toBe(200);
      const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack']);
      expect(done.state).toBe('Executed');
      expect(done.approvals).toMatchObject([{ approver: 'approver@example.com', decision: 'approve' }]);
      // signed by the app's key, not the approver's own
      expect(parseSshSignature(done.approvals[0]!.signature!).publicKey.fingerprint).toBe(appKey.publicKey.fingerprint);
    } finally {
      await receiver.stop();
    }
  });

  it('a click on a workflow Temporal does not know is answered with a message, through the real client', async () => {
    const receiver = new SlackApprovals({
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      slackApiUrl: apiUrl,
      policy: { approvers: { U_ALICE: 'approver@example.com' }, channels: {}, defaultChannel: 'C-FINOPS', snooze: '4h' },
      gateway: temporalGateway(loop.env.client),
      log: { warn: () => undefined },
    });
    const server = await receiver.start(0);
    try {
      const before = slack.called('chat.postEphemeral').length;
      const value = JSON.stringify({ workflowId: 'finding-never-started', proposalHash: 'd'.repeat(64) });
      const click = {
        type: 'block_actions',
        user: { id: 'U_ALICE', username: 'alice', name: 'alice', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        team: { id: 'T1', domain: 'example' },
        trigger_id: 'trigger-1',
        channel: { id: 'C-FINOPS', name: 'finops' },
        container: { type: 'message', message_ts: '1.1', channel_id: 'C-FINOPS' },
        message: { ts: '1.1', type: 'message', text: 'Approval needed' },
        actions: [{ type: 'button', action_id: ACTION_IDS.approve, block_id: 'tollgate_decision', value, action_ts: '1' }],
      };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const response = await postInteraction(url, click, { secret: SECRET });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
      const [told] = (await slack.waitFor('chat.postEphemeral', before + 1)).slice(before);
      expect(told!.args).toMatchObject({ channel: 'C-FINOPS', user: 'U_ALICE' });
      expect(told!.args.text).toMatch(/^No approval request finding-never-started could be read \(.*not found.*\), so nothing was decided/);
    } finally {
      await receiver.stop();
    }
  });

  it('posts nothing for a proposal the guardrails blocked', async () => {
    const before = slack.calls.length;
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0ledger0db0003'));
    await waitFor(handle, ['Blocked']);
    await handle.result();
    expect(slack.calls.slice(before)).toEqual([]);
  });
});

/** The value of the button with this action id, wherever it sits in the posted blocks. */
function buttonValue(node: unknown, actionId: string): string | undefined {
  if (Array.isArray(node)) return node.map((child) => buttonValue(child, actionId)).find(Boolean);
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.action_id === actionId && typeof record.value === 'string') return record.value;
    return buttonValue(Object.values(record), actionId);
  }
  return undefined;
}
