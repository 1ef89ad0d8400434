import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A loopback stand-in for https://slack.com/api/: records each Web API call the real
 * WebClient makes (via `slackApiUrl`) and answers like Slack does for the methods we use.
 */
export class SlackApiServer {
  readonly calls: SlackApiCall[] = [];
  /** usergroup id → member user ids, for usergroups.users.list */
  groups: Record<string, string[]> = {};
  /** method → Slack error code answered with `ok: false` (the call is still recorded), to test a refused post. */
  failures: Record<string, string> = {};
  /** channel id → what conversations.info tells; undefined: every channel exists and has the bot as a member. */
  channels: Record<string, { is_member?: boolean; is_archived?: boolean; is_private?: boolean }> | undefined;
  /** The bot token's scopes, sent as Slack does in the x-oauth-scopes header. */
  scopes: string[] = [];
  private server: Server | undefined;
  private nextTs = 1_700_000_000;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
        const args = parseArgs(body, req.headers['content-type'] ?? '');
        this.calls.push({ method, args });
        res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': this.scopes.join(',') });
        res.end(JSON.stringify(this.answer(method, args)));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  called(method: string): SlackApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `method` has been called `count` times (handlers run after the HTTP ack). */
  async waitFor(method: string, count = 1, timeoutMs = 5000): Promise<SlackApiCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.called(method).length < count) {
      if (Date.now() > deadline)
        throw new Error(
          `Slack API ${method} was called ${this.called(method).length} times, expected ${count}; calls: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.called(method);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    if (this.failures[method]) return { ok: false, error: this.failures[method] };
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${this.nextTs++}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs++}.000200` };
      case 'chat.scheduleMessage':
        return { ok: true, channel: args.channel, scheduled_message_id: 'Q0001', post_at: args.post_at };
      case 'usergroups.users.list':
        return { ok: true, users: this.groups[String(args.usergroup)] ?? [] };
      case 'conversations.info': {
        const id = String(args.channel);
        const known = this.channels === undefined ? { is_member: true } : this.channels[id];
        return known
          ? { ok: true, channel: { id, is_member: false, is_archived: false, is_private: false, ...known } }
          : { ok: false, error: 'channel_not_found' };
      }
      case 'views.open':
        return { ok: true, view: { id: 'V0001' } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The WebClient sends form fields, with nested values (blocks, view) as JSON strings. */
function parseArgs(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    try {
      out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      out[key] = value;
    }
  }
  return out;
}
