import { existsSync } from 'node:fs';
import type { RoutingTarget } from '../approvals/slack/routing-check.js';
import { normalizeTagKey, normalizeTagValue, readTagVariants, type TagRules } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import { billRoutingTags, openWarehouse } from '../warehouse/index.js';
import { log } from './logger.js';

/**
 * How far back the start check reads the bill: the detector's longest look-back (8 weeks of
 * weekday factors) plus an incident's longest span (31 days), rounded up. A team whose spend ended
 * before that cannot start a new rise; older, never-alerted history is not checked.
 */
export const BILL_ROUTING_WINDOW_DAYS = 90;

/** Every source key (lower case) that stands for `key` under the aliases: the key itself and each alias of it. */
export function sourceKeysFor(key: string, aliases: TagRules['aliases']): string[] {
  const wanted = normalizeTagKey(key);
  const keys = new Set([wanted]);
  for (const [normalized, sources] of Object.entries(aliases)) {
    if (normalizeTagKey(normalized) === wanted) for (const s of sources) keys.add(normalizeTagKey(s));
  }
  return [...keys].sort();
}

/** Values compared as routing compares them (trimmed, any case), first spelling kept. */
function distinct(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (v && v.trim() !== '' && !seen.has(normalizeTagValue(v))) seen.set(normalizeTagValue(v), v.trim());
  return [...seen.values()].sort();
}

/**
 * Who the anomaly alerts of the bill's recent lines go to (activities/anomaly-activities.ts): each
 * line's owners with its teams (an alert on its resource), and each team alone (an alert on the team
 * as a whole). Tags are read with every variant, as the estate's are: `Team=web` and `team=data` on
 * one line mean both teams must be routable. An untagged line's rise can only go to the default
 * channel. Undefined when there is no warehouse yet (nothing to route; logged).
 */
export async function billRoutingTargets(warehousePath: string, aliases: TagRules['aliases']): Promise<RoutingTarget[] | undefined> {
  if (!existsSync(warehousePath)) {
    log.info(
      { warehousePath },
      'no warehouse yet: the Slack routing check reads no bill (its owners and teams are checked once one lands and the worker restarts)',
    );
    return undefined;
  }
  let db;
  try {
    db = await openWarehouse(warehousePath, { readOnly: true });
  } catch (error) {
    throw new Error(
      `cannot read the warehouse at ${warehousePath} to check who the bill's anomaly alerts go to: ${(error as Error).message}; ` +
        'start the worker again once the process holding it (an ingest, a billing poll) has finished, or set TOLLGATE_DB to the warehouse',
    );
  }
  const read = await billRoutingTags(db, {
    sourceKeys: [...sourceKeysFor('owner', aliases), ...sourceKeysFor('team', aliases)],
    days: BILL_ROUTING_WINDOW_DAYS,
  }).finally(() => db.close());
  if (!read.window) return [];
  const window = `bill ${read.window.from}..${read.window.to} (its last ${BILL_ROUTING_WINDOW_DAYS} days)`;
  // One target per owner/team combination, with the line that shows it most (sets come largest first).
  const targets = new Map<string, RoutingTarget>();
  const add = (owners: string[], teams: string[], example: string) => {
    const key = JSON.stringify([owners.map(normalizeTagValue), teams.map(normalizeTagValue)]);
    if (!targets.has(key)) targets.set(key, { owners, teams, what: example });
  };
  for (const set of read.sets) {
    const tags = readTagVariants(set.tags, aliases);
    const owners = distinct([...tags.owners, set.owner]);
    const teams = distinct([...tags.teams, set.team]);
    const example = `${window}: ${[set.resource ? `resource ${set.resource}` : undefined, set.account ? `account ${set.account}` : undefined].filter(Boolean).join(', ') || 'a line without resource or account'}`;
    if (owners.length > 0 || teams.length === 0) add(owners, teams, example);
    for (const team of teams) add([], [team], example);
  }
  return [...targets.values()];
}

/** The teams the policy gives a Jira project for anomalies: their alerts go to Slack as well. */
export function jiraTeamTargets(policy: Policy): RoutingTarget[] {
  return Object.keys(policy.anomalies.jira.teams).map((team) => ({ what: `anomalies.jira.teams["${team}"]`, owners: [], teams: [team] }));
}
