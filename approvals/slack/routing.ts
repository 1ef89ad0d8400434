/** The `approvals.slack` part of the policy that says where requests go. */
export interface SlackRouting {
  channels: Record<string, string>;
  defaultChannel?: string | undefined;
}

/** The channel for a request: the owner's, else the team's, else the default. */
export function channelFor(routing: SlackRouting, tags: { owner?: string | undefined; team?: string | undefined }): string {
  const channel = (tags.owner && routing.channels[tags.owner]) || (tags.team && routing.channels[tags.team]) || routing.defaultChannel;
  if (!channel)
    throw new Error(`no Slack channel for owner "${tags.owner ?? ''}" / team "${tags.team ?? ''}": set approvals.slack.defaultChannel in the policy`);
  return channel;
}
