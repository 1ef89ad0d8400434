import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackNotifier } from '../../approvals/slack/slack-notifier.js';
import { decideUpdate, pendingQuery } from '../../workflows/messages.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';

describe('approval requests and outcomes in Slack, from the real workflow', () => {
  let loop: Loop;
  const slack = new SlackApiServer();
  beforeAll(async () => {
    const [started, apiUrl] = await Promise.all([startLoop(), slack.start()]);
    loop = started;
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

    await handle.executeUpdate(decideUpdate, {
      args: [{ proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: '' }],
    });
    await waitFor(handle, ['Executed']);
    const [update] = await slack.waitFor('chat.update', 1);
    expect(update!.args).toMatchObject({ channel: 'C-WEB', ts: view.message!.ts });
    expect(JSON.stringify(update!.args)).toContain('Executed');
  });

  it('posts nothing for a proposal the guardrails blocked', async () => {
    const before = slack.calls.length;
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0ledger0db0003'));
    await waitFor(handle, ['Blocked']);
    await handle.result();
    expect(slack.calls.slice(before)).toEqual([]);
  });
});
