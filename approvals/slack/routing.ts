import { normalizeTagValue } from '../../core/index.js';

/** The `approvals.slack` part of the policy that says where requests go. */
export interface SlackRouting {
  channels: Record<string, string>;
  defaultChannel?: string | undefined;
}

/** Who a message is for, as the resource's tags name them (every variant's value). */
export interface Addressees {
  owners?: readonly string[] | undefined;
  teams?: readonly string[] | undefined;
}

/**
 * Every channel a message goes to: each named owner's channel; for an owner without one (or no
 * owner at all), the channels of every named team, else the default. With one owner and one team
 * this is the owner's, else the team's, else the default. When the tags name several owners, each
 * is reached: nobody's request is hidden because a tag's spelling put another owner first.
 */
export function channelsFor(routing: SlackRouting, who: Addressees): string[] {
  const owners = who.owners ?? [];
  const teams = who.teams ?? [];
  const teamChannels = teams.flatMap((t) => channelOf(routing, t) ?? []);
  const fallback = teamChannels.length > 0 ? teamChannels : routing.defaultChannel ? [routing.defaultChannel] : [];
  const channels = owners.length === 0 ? fallback : owners.flatMap((o) => channelOf(routing, o) ?? fallback);
  const distinct = [...new Set(channels)];
  if (distinct.length === 0) {
    throw new Error(`no Slack channel for owner "${owners.join(', ')}" / team "${teams.join(', ')}": set approvals.slack.defaultChannel in the policy`);
  }
  return distinct;
}

/** The one channel for a message about one owner or team (budget alerts, a single addressee). */
export function channelFor(routing: SlackRouting, tags: { owner?: string | undefined; team?: string | undefined }): string {
  return channelsFor(routing, { owners: tags.owner ? [tags.owner] : [], teams: tags.team ? [tags.team] : [] })[0]!;
}

/** The channel the policy maps a tag value to: exactly, else trimmed and case-insensitively (first key in code-unit order). */
function channelOf(routing: SlackRouting, name: string): string | undefined {
  if (Object.hasOwn(routing.channels, name)) return routing.channels[name];
  const wanted = normalizeTagValue(name);
  const key = Object.keys(routing.channels)
    .sort()
    .find((k) => normalizeTagValue(k) === wanted);
  return key === undefined ? undefined : routing.channels[key];
}
