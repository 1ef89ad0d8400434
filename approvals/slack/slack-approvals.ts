import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, type BlockAction, type ButtonAction, type ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseDuration, type DecideInput, type PendingView } from '../../core/index.js';
import type { ApprovalSigner } from '../signing/approval-signer.js';
import { resolveApprover, type SlackApproverMap } from './approver-identity.js';
import { ACTION_IDS, approvalBlocks, REASON_BLOCK, REASON_INPUT, REJECT_MODAL_ID, rejectModal, type ApprovalRequest, type ButtonValue } from './blocks.js';
import { channelFor, type SlackRouting } from './routing.js';

/**
 * The approval queue's door into Temporal. In production: `decide` and `show` from
 * approvals/queue.ts bound to a Temporal client (see temporalGateway). Tests may pass a stub.
 */
export interface ApprovalGateway {
  show(workflowId: string): Promise<PendingView>;
  decide(workflowId: string, decision: DecideInput): Promise<PendingView>;
}

export interface SlackApprovalsOptions {
  /** Verifies every request (HMAC of the body, timestamp within 5 minutes). */
  signingSecret: string;
  botToken: string;
  /** The Web API base; tests point it at a loopback server. */
  slackApiUrl?: string;
  policy: SlackApproverMap & SlackRouting & { snooze: string };
  gateway: ApprovalGateway;
  /**
   * The app's own key: it signs each decision for the Slack-verified user's approver, and the
   * policy trusts it (approvals.slack.appKeys) only for the approvers Slack users map to.
   * Without it, decisions go unsigned and count only where the policy allows that.
   */
  signer?: ApprovalSigner;
  /** Where Slack posts interactions; the Request URL in the app config is https://HOST<endpoint>. */
  endpoint?: string;
  now?: () => Date;
}

interface MessageRef {
  channel: string;
  ts: string;
  request: ApprovalRequest;
}

/**
 * The Slack side of approvals: posts a Block Kit request with the evidence, turns Approve /
 * Reject (with a reason, via a modal) / Snooze clicks into the workflow's `decide` Update, and
 * keeps the message current with each decision and with the executor's result.
 */
export class SlackApprovals {
  readonly app: App;
  private readonly receiver: HTTPReceiver;
  private readonly messages = new Map<string, MessageRef>();
  private readonly now: () => Date;

  constructor(private readonly options: SlackApprovalsOptions) {
    this.now = options.now ?? (() => new Date());
    this.receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: options.endpoint ?? '/slack/events',
      // Slack wants an ack within 3 s; decisions then run and update the message afterwards.
      processBeforeResponse: false,
      logLevel: LogLevel.ERROR,
    });
    this.app = new App({
      token: options.botToken,
      receiver: this.receiver,
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
    });
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.approve, async ({ ack, body, action, client }) => {
      await ack();
      await this.onApprove(client, body, parseValue(action.value));
    });
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.reject, async ({ ack, body, action, client }) => {
      await ack();
      await this.onRejectClicked(client, body, parseValue(action.value));
    });
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.snooze, async ({ ack, body, action, client }) => {
      await ack();
      await this.onSnooze(client, body, parseValue(action.value));
    });
    this.app.view<ViewSubmitAction>(REJECT_MODAL_ID, async ({ ack, body, view, client }) => {
      const reason = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value?.trim() ?? '';
      if (reason.length < 3) return void (await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Say why, in a few words.' } }));
      await ack();
      const meta = JSON.parse(view.private_metadata) as ButtonValue & { channel: string; ts: string };
      await this.decideFromSlack(client, body.user.id, meta, { channel: meta.channel, ts: meta.ts }, 'reject', reason);
    });
  }

  /** Starts the HTTP listener; resolves with the server so callers can read the port. */
  async start(port: number): Promise<Server> {
    return (await this.app.start(port)) as Server;
  }

  async stop(): Promise<void> {
    await this.app.stop();
  }

  /** Posts the approval request to the owner's channel and remembers the message for later updates. */
  async requestApproval(request: ApprovalRequest): Promise<{ channel: string; ts: string }> {
    const channel = channelFor(this.options.policy, { owner: request.owner, team: request.team });
    const request_ = { ...request, slackIdOf: request.slackIdOf ?? this.slackIdOf() };
    const posted = await this.app.client.chat.postMessage({ channel, ...approvalBlocks(request_) } as never);
    const ref = { channel: posted.channel ?? channel, ts: posted.ts ?? '', request: request_ };
    this.messages.set(request.view.workflowId, ref);
    return { channel: ref.channel, ts: ref.ts };
  }

  /** Updates the request with what the executor did (applied, aborted, rolled back, expired). */
  async postResult(view: PendingView, note: string): Promise<void> {
    const ref = this.messages.get(view.workflowId);
    if (!ref) throw new Error(`no Slack message is known for ${view.workflowId}; was requestApproval called in this process?`);
    ref.request = { ...ref.request, view };
    await this.app.client.chat.update({ channel: ref.channel, ts: ref.ts, ...approvalBlocks(ref.request, [note]) } as never);
  }

  private async onApprove(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    await this.decideFromSlack(client, body.user.id, value, where, 'approve', 'approved in Slack');
  }

  private async onRejectClicked(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    // Refuse before asking for a reason: a non-approver should not fill in a form for nothing.
    const view = await this.options.gateway.show(value.workflowId);
    const who = await resolveApprover(body.user.id, this.options.policy, view, (user, groups) => this.groupsOf(client, user, groups));
    if (!who.ok) return this.tell(client, where.channel, body.user.id, who.message);
    await client.views.open({ trigger_id: body.trigger_id, view: rejectModal({ ...value, ...where }) } as never);
  }

  private async onSnooze(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    const remindAt = new Date(this.now().getTime() + parseDuration(this.options.policy.snooze));
    await client.chat.scheduleMessage({
      channel: where.channel,
      thread_ts: where.ts,
      post_at: Math.floor(remindAt.getTime() / 1000),
      text: `Reminder: \`${value.workflowId}\` still waits for approval (snoozed by <@${body.user.id}>).`,
    });
    await this.tell(client, where.channel, body.user.id, `Snoozed until ${remindAt.toISOString()}; a reminder will appear in the thread.`);
  }

  private async decideFromSlack(
    client: WebClient,
    slackUserId: string,
    value: ButtonValue,
    where: { channel: string; ts: string },
    decision: 'approve' | 'reject',
    reason: string,
  ): Promise<void> {
    const { gateway, policy } = this.options;
    const current = await gateway.show(value.workflowId);
    const who = await resolveApprover(slackUserId, policy, current, (user, groups) => this.groupsOf(client, user, groups));
    if (!who.ok) return this.tell(client, where.channel, slackUserId, who.message);
    let view: PendingView;
    try {
      // Bound to the hash shown on the message: if the proposal changed since, the workflow refuses.
      view = await gateway.decide(value.workflowId, await this.signed(value, { proposalHash: value.proposalHash, decision, approver: who.approver, reason }));
    } catch (error) {
      return this.tell(client, where.channel, slackUserId, (error as Error).message);
    }
    const known = this.messages.get(value.workflowId);
    const request: ApprovalRequest = { ...(known?.request ?? {}), view, slackIdOf: known?.request.slackIdOf ?? this.slackIdOf() };
    this.messages.set(value.workflowId, { channel: where.channel, ts: where.ts, request });
    const note = `${decision === 'approve' ? 'Approved' : 'Rejected'} by <@${slackUserId}> as ${who.approver} at ${this.now().toISOString()}`;
    await client.chat.update({ channel: where.channel, ts: where.ts, ...approvalBlocks(request, [note]) } as never);
  }

  private async signed(value: ButtonValue, decision: DecideInput): Promise<DecideInput> {
    const { signer } = this.options;
    if (!signer) return decision;
    const at = this.now().toISOString();
    return { ...decision, at, signature: await signer.sign({ workflowId: value.workflowId, ...decision, at }) };
  }

  private async groupsOf(client: WebClient, slackUserId: string, groupIds: string[]): Promise<string[]> {
    const member: string[] = [];
    for (const usergroup of groupIds) {
      const result = await client.usergroups.users.list({ usergroup });
      if (result.users?.includes(slackUserId)) member.push(usergroup);
    }
    return member;
  }

  private async tell(client: WebClient, channel: string, user: string, text: string): Promise<void> {
    await client.chat.postEphemeral({ channel, user, text });
  }

  /** approver id → Slack user id, from the policy's user entries, for @-mentions. */
  private slackIdOf(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [slackId, approver] of Object.entries(this.options.policy.approvers))
      if (slackId.startsWith('U') || slackId.startsWith('W')) out[approver] ??= slackId;
    return out;
  }
}

function parseValue(value: string | undefined): ButtonValue {
  const parsed = JSON.parse(value ?? '{}') as Partial<ButtonValue>;
  if (!parsed.workflowId || !parsed.proposalHash) throw new Error('approval button without workflowId and proposalHash');
  return { workflowId: parsed.workflowId, proposalHash: parsed.proposalHash };
}

function messageOf(body: BlockAction): { channel: string; ts: string } {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) throw new Error('approval click without the message it came from');
  return { channel, ts };
}
