import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelFor, channelsFor } from '../../approvals/slack/routing.js';
import { SlackNotifier } from '../../approvals/slack/slack-notifier.js';
import { readTags, type Finding, type PendingView } from '../../core/index.js';
import { evaluate } from '../../guardrails/index.js';
import { context, FINDING, policy, proposalFor, resize, withTags } from '../guardrails/fixtures.js';
import { SlackApiServer } from '../support/slack-api.js';

const ROUTING = { channels: { ana: 'C-ANA', bo: 'C-BO', web: 'C-WEB', data: 'C-DATA' }, defaultChannel: 'C-FINOPS' };

describe('channelsFor: every owner the tags name is reached', () => {
  it('keeps the one-owner rule: the owner’s channel, else the team’s, else the default', () => {
    expect(channelsFor(ROUTING, { owners: ['ana'], teams: ['web'] })).toEqual(['C-ANA']);
    expect(channelsFor(ROUTING, { owners: ['zed'], teams: ['web'] })).toEqual(['C-WEB']);
    expect(channelsFor(ROUTING, { owners: ['zed'], teams: ['nobody'] })).toEqual(['C-FINOPS']);
    expect(channelsFor(ROUTING, {})).toEqual(['C-FINOPS']);
    expect(channelFor(ROUTING, { owner: 'ana', team: 'web' })).toBe('C-ANA');
  });

  it('routes to each of several owners, and to every team for an owner without a channel', () => {
    expect(channelsFor(ROUTING, { owners: ['ana', 'bo'], teams: ['web'] })).toEqual(['C-ANA', 'C-BO']);
    expect(channelsFor(ROUTING, { owners: ['ana', 'zed'], teams: ['web', 'data'] })).toEqual(['C-ANA', 'C-WEB', 'C-DATA']);
    expect(channelsFor(ROUTING, { owners: [], teams: ['web', 'data'] })).toEqual(['C-WEB', 'C-DATA']);
  });

  it('matches a tag value to the policy’s channel key whatever its case and spacing', () => {
    expect(channelsFor(ROUTING, { owners: [' ANA '] })).toEqual(['C-ANA']);
  });

  it('refuses, naming everyone, when nobody can be reached', () => {
    expect(() => channelsFor({ channels: {} }, { owners: ['ana', 'bo'], teams: ['web'] })).toThrow(
      'no Slack channel for owner "ana, bo" / team "web": set approvals.slack.defaultChannel in the policy',
    );
  });
});

describe('SlackNotifier over a loopback Slack Web API', () => {
  const slack = new SlackApiServer();
  let notifier: SlackNotifier;
  beforeAll(async () => {
    notifier = new SlackNotifier(new WebClient('xoxb-test-token', { slackApiUrl: await slack.start() }), ROUTING);
  });
  afterAll(() => slack.stop());

  it('posts a request for a VM tagged Owner=bo and owner=ana to both owners, shows the conflict, and puts the outcome on both', async () => {
    const resource = withTags({ env: 'dev', team: 'web', owner: 'ana', Owner: 'bo' });
    const p = policy();
    const verdict = evaluate(context({ policy: p, resource }));
    const proposal = proposalFor(resize('m5.xlarge'));
    const view: PendingView = {
      workflowId: 'wf-owners',
      findingId: FINDING.id,
      state: 'AwaitingApproval',
      summary: 'over-provisioned',
      proposal,
      proposalHash: 'h'.repeat(64),
      checks: verdict.results,
      approvals: [],
    };
    const tags = readTags(resource.tags, p.tags);
    const posted = await notifier.requestApproval(view, { finding: FINDING as Finding, addressees: { owners: tags.owners, teams: tags.teams } });

    const posts = slack.called('chat.postMessage');
    expect(posts.map((c) => c.args.channel)).toEqual(['C-ANA', 'C-BO']);
    for (const post of posts)
      expect(JSON.stringify(post.args.blocks)).toContain('conflicting tags: owner (Owner=bo, owner=ana): the request goes to every one named');
    expect(posted).toMatchObject({ channel: 'C-ANA', copies: [{ channel: 'C-BO' }] });

    await notifier.announce({ ...view, state: 'Executed', outcome: 'm5.2xlarge → m5.xlarge' }, posted, 'Executed: m5.2xlarge → m5.xlarge');
    const updates = slack.called('chat.update');
    expect(updates.map((c) => [c.args.channel, c.args.ts])).toEqual([
      ['C-ANA', posted.ts],
      ['C-BO', posted.copies![0]!.ts],
    ]);
  });
});
