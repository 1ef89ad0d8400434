import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisActivities } from '../../activities/analysis.js';
import { SlackNotifier } from '../../approvals/slack/slack-notifier.js';
import type { PendingView } from '../../core/index.js';
import { findingFor } from '../support/loop.js';
import { SlackApiServer } from '../support/slack-api.js';
import { sampleEstate, TestWorld } from '../support/world.js';

/**
 * The notify activity as the analysis worker runs it (no Temporal: the activity is called
 * directly): the real sandbox cloud, the SQLite audit log, and the real Slack WebClient against
 * the loopback Web API. The VM's tags name two owners in two spellings of one key.
 */
describe('notifyApprovers: a request reaches every owner the tags name', () => {
  const slack = new SlackApiServer();
  const world = new TestWorld('http://127.0.0.1:9/no-model-needed');
  beforeAll(async () => {
    const estate = sampleEstate();
    const vm = estate.resources.find((r) => r.id === 'i-0web0overprov01')!;
    vm.tags = { owner: 'ana@example.com', Team: 'web', env: 'staging', Owner: 'bo@example.com' };
    world.reset(estate);
    const routing = { channels: { 'ana@example.com': 'C-ANA', 'bo@example.com': 'C-BO', web: 'C-WEB' }, defaultChannel: 'C-FINOPS' };
    world.notifier = new SlackNotifier(new WebClient('xoxb-test-token', { slackApiUrl: await slack.start() }), routing);
  });
  afterAll(() => slack.stop());

  it('posts to both owners, records both messages, and writes the outcome on both', async () => {
    const activities = createAnalysisActivities(world.analysisDeps());
    const finding = await findingFor(world, 'i-0web0overprov01');
    const view: PendingView = {
      workflowId: 'wf-two-owners',
      findingId: finding.id,
      state: 'AwaitingApproval',
      summary: finding.summary,
      checks: [],
      approvals: [],
    };

    const posted = await activities.notifyApprovers({ view, finding });
    expect(slack.called('chat.postMessage').map((c) => c.args.channel)).toEqual(['C-ANA', 'C-BO']);
    expect(posted).toMatchObject({ channel: 'C-ANA', copies: [{ channel: 'C-BO' }] });
    const notify = (await world.audit.records({ workflowId: 'wf-two-owners' })).find((r) => r.step === 'notify');
    expect(notify?.output).toMatchObject({ message: { channel: 'C-ANA', copies: [{ channel: 'C-BO' }] } });

    await activities.announceOutcome({ view: { ...view, state: 'Rejected', outcome: 'rejected by approver@example.com', message: posted } });
    expect(slack.called('chat.update').map((c) => c.args.channel)).toEqual(['C-ANA', 'C-BO']);
  });
});
