import type { z } from 'zod';

/** The parts of a parsed policy whose empty or inconsistent values would quietly weaken a guardrail. */
interface SafetyFields {
  rightsizing: { userFacing: { tagKey: string; tagValues: string[] } };
  tags: { excludeKey: string; envKey: string; productionValues: string[]; aliases: Record<string, string[]> };
  approvals: {
    required: number;
    requiredForProduction: number;
    approvers: Record<string, unknown>;
    allowedRoles: string[];
    slack: { approvers: Record<string, string> };
  };
}

/**
 * Settings that would switch a safety rule off without saying so are refused at load, each
 * naming its field: an empty exclusion key excludes nothing, an empty production list makes
 * every VM non-production, fewer production approvals than ordinary ones inverts the rule,
 * no allowed role (or a Slack user mapped to nobody) leaves a click with no one to stand for.
 */
export function refuseWeakenedSafety(policy: SafetyFields, ctx: z.RefinementCtx): void {
  const refuse = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const blank = (text: string) => text.trim() === '';
  const { tags, approvals } = policy;

  if (blank(tags.excludeKey)) refuse(['tags', 'excludeKey'], 'must name a tag key: an empty key would exclude nothing; the default is "tollgate:exclude"');
  if (blank(tags.envKey)) refuse(['tags', 'envKey'], 'must name a tag key: an empty key would make no resource production; the default is "env"');
  if (tags.productionValues.length === 0)
    refuse(['tags', 'productionValues'], 'must list at least one value: an empty list would treat every resource as non-production; e.g. [prod, production]');
  tags.productionValues.forEach((value, i) => {
    if (blank(value)) refuse(['tags', 'productionValues', i], 'an empty production value matches nothing; remove it or name the value');
  });
  for (const [key, sources] of Object.entries(tags.aliases)) {
    if (blank(key)) refuse(['tags', 'aliases', key], 'an alias needs a normalized key name');
    sources.forEach((source, i) => {
      if (blank(source)) refuse(['tags', 'aliases', key, i], 'an empty source key matches nothing; remove it');
    });
  }
  const userFacing = policy.rightsizing.userFacing;
  if (blank(userFacing.tagKey))
    refuse(['rightsizing', 'userFacing', 'tagKey'], 'must name a tag key: an empty key would skip the user-facing ceilings; the default is "workload"');
  if (userFacing.tagValues.length === 0 || userFacing.tagValues.some(blank))
    refuse(['rightsizing', 'userFacing', 'tagValues'], 'must list non-empty values: otherwise no workload gets the user-facing ceilings; e.g. [user-facing]');

  if (approvals.requiredForProduction < approvals.required)
    refuse(
      ['approvals', 'requiredForProduction'],
      `must be at least approvals.required (${approvals.required}): production would need fewer approvals than anything else`,
    );
  if (approvals.allowedRoles.length === 0 || approvals.allowedRoles.some(blank))
    refuse(['approvals', 'allowedRoles'], 'must list the non-empty roles that may approve, e.g. [finops, platform]');
  for (const approver of Object.keys(approvals.approvers)) {
    if (blank(approver) || approver !== approver.trim())
      refuse(['approvals', 'approvers', approver], 'an approver id must be non-empty and without surrounding spaces, exactly as the approver signs in');
  }
  for (const [slackId, approver] of Object.entries(approvals.slack.approvers)) {
    if (!Object.hasOwn(approvals.approvers, approver))
      refuse(
        ['approvals', 'slack', 'approvers', slackId],
        `maps to "${approver}", who is not listed under approvals.approvers; add them there with a role, or remove this entry`,
      );
  }
}
