import type { WebClient } from '@slack/web-api';
import type { AnomalyView, Finding, PendingView } from '../../core/index.js';
import { anomalyAlertBlocks } from './anomaly-alert-blocks.js';
import { approvalBlocks } from './blocks.js';
import { budgetAlertBlocks, type BudgetAlertMessage } from './budget-alert-blocks.js';
import { offHoursFiringBlocks, type OffHoursAttention } from './off-hours-firing-blocks.js';
import { channelFor, channelsFor, type Addressees, type SlackRouting } from './routing.js';

interface PostedMessage {
  channel: string;
  ts: string;
}

/** The request's first message, and its copies when the tags name several owners or teams. */
interface PostedRequest extends PostedMessage {
  copies?: PostedMessage[];
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

  /** Posts the request to every named owner's channel (routing.ts); the first message carries the outcome, and so do its copies. */
  async requestApproval(view: PendingView, context: { finding: Finding; addressees: Addressees }): Promise<PostedRequest> {
    const [first, ...others] = channelsFor(this.routing, context.addressees);
    const content = approvalBlocks({ view, finding: context.finding });
    const posted = await this.post(first!, content, view.workflowId);
    const copies: PostedMessage[] = [];
    for (const channel of others) copies.push(await this.post(channel, content, view.workflowId));
    return copies.length > 0 ? { ...posted, copies } : posted;
  }

  private async post(channel: string, content: object, about: string): Promise<PostedMessage> {
    const posted = await this.client.chat.postMessage({ channel, ...content } as never);
    if (!posted.ts) throw new Error(`Slack did not return a message ts for ${about} in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  /** A budget threshold alert: to the team's channel for a team budget, else the default. */
  async postBudgetAlert(alert: BudgetAlertMessage): Promise<PostedRequest> {
    const channel = channelFor(this.routing, { team: alert.scope.dimension === 'team' ? alert.scope.key : undefined });
    const posted = await this.client.chat.postMessage({ channel, ...budgetAlertBlocks(alert) } as never);
    if (!posted.ts) throw new Error(`Slack did not return a message ts for ${alert.id} in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  /** VMs a firing did not stop or start, to the channels of every owner or team their tags name. */
  async postOffHoursAttention(attention: OffHoursAttention, addressees: Addressees): Promise<PostedMessage[]> {
    const content = offHoursFiringBlocks(attention);
    const posted: PostedMessage[] = [];
    for (const channel of channelsFor(this.routing, addressees)) posted.push(await this.post(channel, content, attention.firingId));
    return posted;
  }

  /** A cost incident's alert, to every channel its owner and team tags route to (as approval requests are routed). */
  async postAnomalyAlert(view: AnomalyView, addressees: Addressees): Promise<PostedMessage[]> {
    const content = anomalyAlertBlocks(view);
    const posted: PostedMessage[] = [];
    for (const channel of channelsFor(this.routing, addressees)) posted.push(await this.post(channel, content, view.workflowId));
    return posted;
  }

  /** Replaces the alert's messages with the view as it is now (feedback given, or the wait ended). */
  async updateAnomalyAlert(view: AnomalyView, messages: readonly PostedMessage[], note?: string): Promise<void> {
    for (const { channel, ts } of messages) await this.client.chat.update({ channel, ts, ...anomalyAlertBlocks(view, note ? [note] : []) } as never);
  }

  async announce(view: PendingView, message: PostedRequest, note: string): Promise<void> {
    for (const { channel, ts } of [message, ...(message.copies ?? [])]) {
      await this.client.chat.update({ channel, ts, ...approvalBlocks({ view }, [note]) } as never);
    }
  }
}
