import { ident, literal } from './connection.js';
import { tagValue } from './group-keys.js';
import { FOCUS_TABLE } from './schema.js';

/** What allocation reads from the policy's `allocation` section (guardrails/allocation-schema.ts). */
export interface AllocationRules {
  key: string;
  rules: readonly {
    id: string;
    match: { untagged?: true; subAccount?: string; service?: string; resource?: string };
    method: 'proportional' | 'even' | 'fixed';
    teams?: readonly string[];
    shares?: Readonly<Record<string, number>>;
  }[];
}

const COSTS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'];

function matchSql(match: AllocationRules['rules'][number]['match'], team: string): string {
  if (match.untagged) return `${team} IS NULL`;
  if (match.subAccount !== undefined) return `SubAccountId = ${literal(match.subAccount)}`;
  if (match.service !== undefined) return `ServiceName = ${literal(match.service)}`;
  if (match.resource !== undefined) return `ResourceId = ${literal(match.resource)}`;
  return 'FALSE';
}

/** Each rule's weights per currency and team: proportional to direct tagged cost, even, or fixed. */
function weightsSql(rules: AllocationRules): string {
  const parts = rules.rules.map((rule) => {
    const id = literal(rule.id);
    const pooled = `(SELECT DISTINCT BillingCurrency FROM tg_base WHERE tg_rule = ${id})`;
    if (rule.method === 'proportional') {
      const only = rule.teams ? ` AND tg_team IN (${rule.teams.map(literal).join(', ')})` : '';
      return `SELECT ${id} AS rule, BillingCurrency, tg_team AS team, sum(greatest(EffectiveCost, 0))::DOUBLE AS w
              FROM tg_base WHERE tg_rule IS NULL AND tg_team IS NOT NULL${only} GROUP BY ALL`;
    }
    const weights = rule.method === 'even' ? (rule.teams ?? []).map((t) => [t, 1] as const) : Object.entries(rule.shares ?? {});
    const values = weights.map(([team, w]) => `(${literal(team)}, ${Number(w)}::DOUBLE)`).join(', ');
    return `SELECT ${id} AS rule, c.BillingCurrency, t.team, t.w FROM ${pooled} c CROSS JOIN (VALUES ${values}) t(team, w)`;
  });
  return parts.length
    ? parts.join('\nUNION ALL\n')
    : `SELECT NULL::VARCHAR AS rule, NULL::VARCHAR AS BillingCurrency, NULL::VARCHAR AS team, 0::DOUBLE AS w WHERE FALSE`;
}

/**
 * The warehouse's lines after allocation, as a relation with every column of `focus_rows`: lines
 * no rule matches as they are; each matched line once per team with its costs times the team's
 * ratio, FOCUS 1.3's AllocatedMethodId (the rule), AllocatedResourceId (the line's resource),
 * AllocatedTags and AllocatedMethodDetails ({"Elements":[{"AllocatedRatio": r}]}), and x_tags
 * carrying the team, so every grouping reads it. A pool with no team to take it (proportional
 * with no tagged cost in that currency) stays as it was: cost is never dropped.
 */
export function allocatedRelationSql(rules: AllocationRules, where = 'TRUE'): string {
  const team = tagValue(rules.key);
  const ruleCase = rules.rules.length
    ? `CASE ${rules.rules.map((r) => `WHEN ${matchSql(r.match, team)} THEN ${literal(r.id)}`).join(' ')} END`
    : 'NULL::VARCHAR';
  const key = literal(rules.key);
  const scaled = COSTS.map((c) => `(b.${ident(c)} * n.ratio)::DECIMAL(38,12) AS ${ident(c)}`).join(', ');
  return `(WITH tg_base AS (SELECT *, ${team} AS tg_team, ${ruleCase} AS tg_rule FROM ${FOCUS_TABLE} WHERE ${where}),
    tg_weights AS (${weightsSql(rules)}),
    tg_ratios AS (SELECT rule, BillingCurrency, team, w / sum(w) OVER (PARTITION BY rule, BillingCurrency) AS ratio FROM tg_weights WHERE w > 0)
  SELECT * EXCLUDE (tg_team, tg_rule) FROM tg_base WHERE tg_rule IS NULL
  UNION ALL BY NAME
  SELECT b.* EXCLUDE (tg_team, tg_rule, ${COSTS.map(ident).join(', ')}, AllocatedMethodId, AllocatedResourceId, AllocatedTags, AllocatedMethodDetails, x_tags),
    ${scaled},
    n.rule AS AllocatedMethodId, b.ResourceId AS AllocatedResourceId,
    json_object(${key}, n.team) AS AllocatedTags,
    json_object('Elements', json_array(json_object('AllocatedRatio', n.ratio))) AS AllocatedMethodDetails,
    json_merge_patch(coalesce(b.x_tags, '{}'::JSON), json_object(${key}, n.team)) AS x_tags
  FROM tg_base b JOIN tg_ratios n ON n.rule = b.tg_rule AND n.BillingCurrency IS NOT DISTINCT FROM b.BillingCurrency
  UNION ALL BY NAME
  SELECT * EXCLUDE (tg_team, tg_rule) FROM tg_base b
  WHERE tg_rule IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tg_ratios n WHERE n.rule = b.tg_rule AND n.BillingCurrency IS NOT DISTINCT FROM b.BillingCurrency))`;
}
