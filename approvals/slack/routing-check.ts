import type { WebClient } from '@slack/web-api';
import { channelsFor, type SlackRouting } from './routing.js';

/** Someone a Slack message may be routed to: a resource's owner/team tags, or a team budget. */
export interface RoutingTarget {
  /** what needs the route, for the message: `resource i-0abc`, `budget web` */
  what: string;
  /** every owner the tags name (variants merged): each one is notified */
  owners: string[];
  teams: string[];
}

/**
 * Owners and teams whose approval requests or alerts would find no channel, each with the
 * policy field that fixes it. Grouped by owner/team, so a hundred VMs of one team are one line.
 */
export function unroutedTargets(routing: SlackRouting, targets: RoutingTarget[]): string[] {
  const unrouted = new Map<string, { owners: string[]; teams: string[]; what: string[] }>();
  for (const target of targets) {
    try {
      channelsFor(routing, target);
    } catch {
      const key = JSON.stringify([target.owners, target.teams]);
      const entry = unrouted.get(key) ?? { owners: target.owners, teams: target.teams, what: [] };
      entry.what.push(target.what);
      unrouted.set(key, entry);
    }
  }
  return [...unrouted.values()].map(({ owners, teams, what }) => {
    const named = (kind: string, values: string[]) => (values.length > 0 ? `${kind} "${values.join('", "')}"` : `no ${kind} tag`);
    const who = [named('owner', owners), named('team', teams)].join(', ');
    const keys = [...owners, ...teams].map((k) => `approvals.slack.channels["${k}"]`);
    const examples = what.slice(0, 3).join(', ') + (what.length > 3 ? ` and ${what.length - 3} more` : '');
    return `${who} (${examples}) has no Slack channel: set ${[...keys, 'approvals.slack.defaultChannel'].join(' or ')} in the policy`;
  });
}

/** Every channel the routing can post to, with the policy field that names it. */
export function routedChannels(routing: SlackRouting): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const add = (channel: string, field: string) => fields.set(channel, [...(fields.get(channel) ?? []), field]);
  for (const [key, channel] of Object.entries(routing.channels)) add(channel, `approvals.slack.channels["${key}"]`);
  if (routing.defaultChannel) add(routing.defaultChannel, 'approvals.slack.defaultChannel');
  return fields;
}

export type ReachabilityResult = { reachable: true; problems: string[] } | { reachable: false; reason: string };

/**
 * Asks Slack whether the bot token works (`auth.test`) and whether each routed channel exists,
 * is not archived and takes the bot's posts (`conversations.info`). A Slack that cannot be
 * reached at all is reported as such: the caller decides what that means.
 */
export async function checkSlackReachable(client: WebClient, routing: SlackRouting): Promise<ReachabilityResult> {
  let scopes: string[] = [];
  try {
    const auth = await client.auth.test();
    scopes = auth.response_metadata?.scopes ?? [];
  } catch (error) {
    const slackError = platformError(error);
    if (slackError === undefined) return { reachable: false, reason: (error as Error).message };
    return { reachable: true, problems: [`SLACK_BOT_TOKEN is refused by Slack (auth.test: ${slackError}): set the app's Bot User OAuth Token (xoxb-…)`] };
  }
  const problems: string[] = [];
  for (const [channel, fields] of routedChannels(routing)) {
    const where = `channel ${channel} (${fields.join(', ')})`;
    try {
      const info = await client.conversations.info({ channel });
      if (info.channel?.is_archived) problems.push(`${where} is archived: unarchive it or route to another channel`);
      else if (!info.channel?.is_member && (info.channel?.is_private || !scopes.includes('chat:write.public')))
        problems.push(`${where}: the app is not a member; invite it (/invite @your-app) or grant the chat:write.public scope`);
    } catch (error) {
      const slackError = platformError(error);
      if (slackError === undefined) return { reachable: false, reason: (error as Error).message };
      const fix =
        slackError === 'missing_scope'
          ? 'grant the app channels:read (and groups:read for private channels) so Tollgate can check its routes'
          : 'set the field to a channel id (C…) the app can see';
      problems.push(`${where}: conversations.info says ${slackError}; ${fix}`);
    }
  }
  return { reachable: true, problems };
}

/** The Slack error code of a Web API call Slack answered with `ok: false`; undefined for a network failure. */
function platformError(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e.code === 'slack_webapi_platform_error' ? (e.data?.error ?? 'unknown_error') : undefined;
}
