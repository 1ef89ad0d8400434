import type { WebClient } from '@slack/web-api';
import { tagValue, type Finding, type PendingView } from '../../core/index.js';
import { approvalBlocks } from './blocks.js';
import { budgetAlertBlocks, type BudgetAlertMessage } from './budget-alert-blocks.js';
import { offHoursFiringBlocks, type OffHoursAttention } from './off-hours-firing-blocks.js';
import { channelFor, type SlackRouting } from './routing.js';

interface PostedRequest {
  channel: string;
  ts: string;
}

/**
 * Posts approval requests and their outcomes from the workers. Stateless: the message's
 * channel and ts travel in the workflow, so any worker can update it later.
 */
export class SlackNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly routing: SlackRouting,
  ) {}

  async requestApproval(view: PendingView, context: { finding: Finding; tags: Record<string, string> }): Promise<PostedRequest> {
    const owner = tagValue(context.tags, 'owner');
    const team = tagValue(context.tags, 'team');
    const channel = channelFor(this.routing, { owner, team });
    const request = {
      view,
      finding: context.finding,
      ...(owner ? { owner } : {}),
      ...(team ? { team } : {}),
    };
    const posted = await this.client.chat.postMessage({ channel, ...approvalBlocks(request) } as never);
    if (!posted.ts) throw new Error(`Slack did not return a message ts for ${view.workflowId} in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  /** A budget threshold alert: to the team's channel for a team budget, else the default. */
  async postBudgetAlert(alert: BudgetAlertMessage): Promise<PostedRequest> {
    const channel = channelFor(this.routing, { team: alert.scope.dimension === 'team' ? alert.scope.key : undefined });
    const posted = await this.client.chat.postMessage({ channel, ...budgetAlertBlocks(alert) } as never);
    if (!posted.ts) throw new Error(`Slack did not return a message ts for ${alert.id} in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  /** VMs a firing did not stop or start, to the channel of their owner or team. */
  async postOffHoursAttention(attention: OffHoursAttention, tags: { owner?: string | undefined; team?: string | undefined }): Promise<PostedRequest> {
    const channel = channelFor(this.routing, tags);
    const posted = await this.client.chat.postMessage({ channel, ...offHoursFiringBlocks(attention) } as never);
    if (!posted.ts) throw new Error(`Slack did not return a message ts for ${attention.firingId} in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  async announce(view: PendingView, message: PostedRequest, note: string): Promise<void> {
    await this.client.chat.update({ channel: message.channel, ts: message.ts, ...approvalBlocks({ view }, [note]) } as never);
  }
}
