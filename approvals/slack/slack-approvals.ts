import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, type BlockAction, type ButtonAction, type RespondFn, type ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseDuration, type AnomalyFeedbackInput, type AnomalyView, type DecideInput, type PendingView } from '../../core/index.js';
import { ANOMALY_ACTION_IDS, parseAnomalyButtonValue } from './anomaly-alert-blocks.js';
import type { ApprovalSigner } from '../signing/approval-signer.js';
import { resolveApprover, type SlackApproverMap } from './approver-identity.js';
import { ACTION_IDS, approvalBlocks, REASON_BLOCK, REASON_INPUT, REJECT_MODAL_ID, rejectModal, type ApprovalRequest, type ButtonValue } from './blocks.js';
import { ClickRefusal, messageOf, parseButtonValue, parseModalMetadata } from './click-payload.js';
import { asMrkdwn, inlineCode, mention, safe, type Mrkdwn } from './mrkdwn.js';
import { refuseFutureTimestamps } from './request-freshness.js';
import { channelFor, type SlackRouting } from './routing.js';

/**
 * The approval queue's door into Temporal. In production: `decide` and `show` from
 * approvals/queue.ts bound to a Temporal client (see temporalGateway). Tests may pass a stub.
 */
export interface ApprovalGateway {
  show(workflowId: string): Promise<PendingView>;
  decide(workflowId: string, decision: DecideInput): Promise<PendingView>;
}

/** Feedback on anomaly alerts: the `anomalyFeedback` Update (approvals/anomalies.ts bound to a Temporal client). */
export interface AnomalyFeedbackGateway {
  feedback(workflowId: string, feedback: AnomalyFeedbackInput): Promise<AnomalyView>;
}

export interface SlackApprovalsOptions {
  /** Verifies every request (HMAC of the body, timestamp within 5 minutes). */
  signingSecret: string;
  botToken: string;
  /** The Web API base; tests point it at a loopback server. */
  slackApiUrl?: string;
  policy: SlackApproverMap & SlackRouting & { snooze: string };
  gateway: ApprovalGateway;
  /** Where Expected / Unexpected / Planned clicks on anomaly alerts go; absent: those clicks are refused with why. */
  anomalies?: AnomalyFeedbackGateway;
  /**
   * The app's own key: it signs each decision for the Slack-verified user's approver, and the
   * policy trusts it (approvals.slack.appKeys) only for the approvers Slack users map to.
   * Without it, decisions go unsigned and count only where the policy allows that.
   */
  signer?: ApprovalSigner;
  /** Where Slack posts interactions; the Request URL in the app config is https://HOST<endpoint>. */
  endpoint?: string;
  now?: () => Date;
  /** Where refused requests and clicks are logged, one line each (pino's signature); Bolt's logger otherwise. */
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}

/** Who clicked and where, enough to answer them. */
interface Clicker {
  user: string;
  channel?: string | undefined;
  respond?: RespondFn | undefined;
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
    refuseFutureTimestamps(this.receiver, (reason) => this.warn({ reason }, 'Slack request refused'));
    this.app = new App({
      token: options.botToken,
      receiver: this.receiver,
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
    });
    // Whatever still escapes a handler is one log line, never a stack trace.
    this.app.error(async (error) => this.warn({ error: error.message }, 'Slack event failed'));
    // Every click is acknowledged at once, then either acted on or answered with why not.
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.approve, async ({ ack, body, action, client, respond }) => {
      await ack();
      await this.answering(client, clickerOf(body, respond), () => this.onApprove(client, body, parseButtonValue(action.value)));
    });
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.reject, async ({ ack, body, action, client, respond }) => {
      await ack();
      await this.answering(client, clickerOf(body, respond), () => this.onRejectClicked(client, body, parseButtonValue(action.value)));
    });
    this.app.action<BlockAction<ButtonAction>>(ACTION_IDS.snooze, async ({ ack, body, action, client, respond }) => {
      await ack();
      await this.answering(client, clickerOf(body, respond), () => this.onSnooze(client, body, parseButtonValue(action.value)));
    });
    for (const actionId of Object.values(ANOMALY_ACTION_IDS)) {
      this.app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
        await ack();
        await this.answering(client, clickerOf(body, respond), () => this.onAnomalyFeedback(client, body, action.value));
      });
    }
    this.app.view<ViewSubmitAction>(REJECT_MODAL_ID, async ({ ack, body, view, client }) => {
      const reason = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value?.trim() ?? '';
      if (reason.length < 3) return void (await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Say why, in a few words.' } }));
      let meta;
      try {
        meta = parseModalMetadata(view.private_metadata);
      } catch (error) {
        // Nowhere to post an ephemeral message: the refusal shows in the modal itself.
        this.warn({ user: body.user.id, refusal: (error as Error).message }, 'Slack reject form refused');
        return void (await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: refusalText(error).slice(0, 150) } }));
      }
      await ack();
      const where = { channel: meta.channel, ts: meta.ts };
      await this.answering(client, { user: body.user.id, channel: meta.channel }, () =>
        this.decideFromSlack(client, body.user.id, meta, where, 'reject', reason),
      );
    });
  }

  /** Starts the HTTP listener (loopback unless told otherwise); resolves with the server so callers can read the port. */
  async start(port: number, host = '127.0.0.1'): Promise<Server> {
    return (await this.app.start({ port, host })) as Server;
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

  /**
   * An owner's verdict on an anomaly alert. Anyone in the channel may give it (it changes nothing in
   * the cloud); who they are is the Slack-verified user, named by the policy's approver map when it
   * lists them. The workflow updates the message once the verdict is recorded.
   */
  private async onAnomalyFeedback(client: WebClient, body: BlockAction, raw: string | undefined): Promise<void> {
    const value = parseAnomalyButtonValue(raw);
    const where = messageOf(body);
    if (!this.options.anomalies) throw new ClickRefusal('This Tollgate Slack app does not take anomaly feedback; use `tollgate anomalies feedback`.');
    const by = this.options.policy.approvers[body.user.id] ?? `slack:${body.user.id}`;
    try {
      await this.options.anomalies.feedback(value.workflowId, { verdict: value.verdict, by });
    } catch (error) {
      throw new ClickRefusal(`No feedback was recorded: ${(error as Error).message}`);
    }
    await this.tell(client, where.channel, body.user.id, safe`Recorded: ${value.verdict} by ${by} on ${value.workflowId}.`);
  }

  private async onApprove(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    await this.decideFromSlack(client, body.user.id, value, where, 'approve', 'approved in Slack');
  }

  private async onRejectClicked(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    // Refuse before asking for a reason: a non-approver should not fill in a form for nothing.
    const view = await this.current(value.workflowId);
    const who = await resolveApprover(body.user.id, this.options.policy, view, (user, groups) => this.groupsOf(client, user, groups));
    if (!who.ok) throw new ClickRefusal(who.message);
    await client.views.open({ trigger_id: body.trigger_id, view: rejectModal({ ...value, ...where }) } as never);
  }

  private async onSnooze(client: WebClient, body: BlockAction, value: ButtonValue): Promise<void> {
    const where = messageOf(body);
    const view = await this.current(value.workflowId);
    if (view.state !== 'AwaitingApproval')
      throw new ClickRefusal(`Nothing waits for a decision on ${view.workflowId}: it is ${view.state}, so there is nothing to snooze.`);
    const remindAt = new Date(this.now().getTime() + parseDuration(this.options.policy.snooze));
    await client.chat.scheduleMessage({
      channel: where.channel,
      thread_ts: where.ts,
      post_at: Math.floor(remindAt.getTime() / 1000),
      text: `Reminder: ${inlineCode(value.workflowId)} still waits for approval (snoozed by ${mention(body.user.id).mrkdwn}).`,
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
    const current = await this.current(value.workflowId);
    const who = await resolveApprover(slackUserId, policy, current, (user, groups) => this.groupsOf(client, user, groups));
    if (!who.ok) throw new ClickRefusal(who.message);
    let view: PendingView;
    try {
      // Bound to the hash shown on the message: if the proposal changed since, the workflow refuses.
      view = await gateway.decide(value.workflowId, await this.signed(value, { proposalHash: value.proposalHash, decision, approver: who.approver, reason }));
    } catch (error) {
      throw new ClickRefusal((error as Error).message);
    }
    const known = this.messages.get(value.workflowId);
    const request: ApprovalRequest = { ...(known?.request ?? {}), view, slackIdOf: known?.request.slackIdOf ?? this.slackIdOf() };
    this.messages.set(value.workflowId, { channel: where.channel, ts: where.ts, request });
    const note = safe`${decision === 'approve' ? 'Approved' : 'Rejected'} by ${mention(slackUserId)} as ${who.approver} at ${this.now().toISOString()}`;
    try {
      await client.chat.update({ channel: where.channel, ts: where.ts, ...approvalBlocks(request, [note]) } as never);
    } catch (error) {
      throw new ClickRefusal(
        `Your decision was recorded, but the message could not be updated (${(error as Error).message}); \`tollgate approvals show ${value.workflowId}\` shows the state.`,
      );
    }
  }

  /** The workflow's view; an unknown or unreadable workflow is a refusal the user sees. */
  private async current(workflowId: string): Promise<PendingView> {
    try {
      return await this.options.gateway.show(workflowId);
    } catch (error) {
      throw new ClickRefusal(
        `No approval request ${workflowId} could be read (${(error as Error).message}), so nothing was decided; \`tollgate approvals list\` shows what waits.`,
      );
    }
  }

  /** Runs a click's work; whatever refuses it is told to the user who clicked, never left as a silent ack and a stack trace. */
  private async answering(client: WebClient, clicker: Clicker, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.warn({ user: clicker.user, refusal: (error as Error).message }, 'Slack click refused');
      try {
        if (clicker.channel) await this.tell(client, clicker.channel, clicker.user, refusalText(error));
        else if (clicker.respond) await clicker.respond({ response_type: 'ephemeral', replace_original: false, text: asMrkdwn(refusalText(error)) });
      } catch (replyError) {
        this.warn({ user: clicker.user, error: (replyError as Error).message }, 'could not tell the user why a Slack click was refused');
      }
    }
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

  /** An ephemeral message; plain text is escaped, so nothing in it becomes a mention or a link. */
  private async tell(client: WebClient, channel: string, user: string, text: string | Mrkdwn): Promise<void> {
    await client.chat.postEphemeral({ channel, user, text: asMrkdwn(text) });
  }

  private warn(fields: Record<string, unknown>, message: string): void {
    if (this.options.log) this.options.log.warn(fields, message);
    else this.app?.logger.warn(message, JSON.stringify(fields));
  }

  /** approver id → Slack user id, from the policy's user entries, for @-mentions. */
  private slackIdOf(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [slackId, approver] of Object.entries(this.options.policy.approvers))
      if (slackId.startsWith('U') || slackId.startsWith('W')) out[approver] ??= slackId;
    return out;
  }
}

function clickerOf(body: BlockAction, respond: RespondFn): Clicker {
  return { user: body.user.id, channel: body.channel?.id ?? body.container?.channel_id, respond };
}

/** What the user reads: a refusal as written, anything unexpected with its message only (no stack). */
function refusalText(error: unknown): string {
  if (error instanceof ClickRefusal) return error.message;
  return `Tollgate could not handle this click: ${(error as Error).message}. \`tollgate approvals list\` shows what still waits for a decision.`;
}
