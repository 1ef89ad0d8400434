import { describeVariants, normalizeTagKey } from '../../core/index.js';
import { pass, type Check } from '../check.js';
import { tagsOf } from '../resource-tags.js';

/**
 * Tells approvers when a resource's tag variants disagree (`Owner=alice`, `owner=bob`). It never
 * blocks: exclusion and production already take the safe reading, and a request goes to every
 * owner and team named. Its reason is how the conflict reaches the pending view, the CLI and Slack.
 */
export const tagConflicts: Check = {
  name: 'tag-conflicts',
  version: 1,
  appliesTo: () => true,
  run: ({ resource, policy }) => {
    const tags = tagsOf(resource, policy);
    const conflicts = tags.conflicts;
    const numbers = { conflicts: conflicts.length, owners: tags.owners.join(', '), teams: tags.teams.join(', ') };
    if (conflicts.length === 0) return pass('no conflicting tag variants', numbers);
    const lines = conflicts.map((c) => `${c.key} (${describeVariants(c.variants)})${consequence(c.key, policy.tags)}`);
    return pass(`conflicting tags: ${lines.join('; ')}`, numbers);
  },
};

function consequence(key: string, rules: { excludeKey: string; envKey: string }): string {
  if (key === normalizeTagKey(rules.excludeKey)) return ': any variant but an explicit no excludes';
  if (key === normalizeTagKey(rules.envKey)) return ': production if any variant says so';
  if (key === 'owner' || key === 'team') return ': the request goes to every one named';
  return '';
}
