import { z } from 'zod';

/** Which lines a rule takes: exactly one criterion, so a rule never reaches further than written. */
export const AllocationMatchSchema = z
  .object({
    /** lines without a value for the allocation key */
    untagged: z.literal(true).optional(),
    subAccount: z.string().min(1).optional(),
    service: z.string().min(1).optional(),
    resource: z.string().min(1).optional(),
  })
  .strict()
  .refine(
    (m) => [m.untagged, m.subAccount, m.service, m.resource].filter((v) => v !== undefined).length === 1,
    'name exactly one of untagged, subAccount, service, resource',
  );

/**
 * One allocation rule: the matched cost is split to values of the allocation key (teams)
 * proportionally to their directly tagged EffectiveCost, evenly, or by fixed percentages.
 */
export const AllocationRuleSchema = z
  .object({
    /** written to AllocatedMethodId on every line the rule produces */
    id: z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"'),
    match: AllocationMatchSchema,
    method: z.enum(['proportional', 'even', 'fixed']),
    /** proportional: only these teams (default: every team with tagged cost); even: required */
    teams: z.array(z.string().min(1)).min(1).optional(),
    /** fixed: team → percent, summing to 100 */
    shares: z.record(z.string().min(1), z.number().positive()).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.method === 'even' && !rule.teams) ctx.addIssue({ code: 'custom', path: ['teams'], message: 'an even split needs the teams to split between' });
    if (rule.method === 'fixed') {
      const total = Object.values(rule.shares ?? {}).reduce((a, b) => a + b, 0);
      if (!rule.shares || Math.abs(total - 100) > 1e-9)
        ctx.addIssue({ code: 'custom', path: ['shares'], message: `fixed shares must sum to 100 percent; found ${total}` });
    }
    if (rule.method !== 'fixed' && rule.shares) ctx.addIssue({ code: 'custom', path: ['shares'], message: 'shares only go with method: fixed' });
  });

export type AllocationRule = z.infer<typeof AllocationRuleSchema>;

/** The policy's `allocation` section: the tag key costs are allocated to, and the rules in order (first match wins). */
export const AllocationPolicySchema = z
  .object({
    key: z.string().trim().min(1).default('team'),
    rules: z.array(AllocationRuleSchema).default([]),
  })
  .strict()
  .superRefine((a, ctx) => {
    const ids = a.rules.map((r) => r.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['rules'], message: `rule id ${dup} is used twice; AllocatedMethodId must name one rule` });
  });

export type AllocationPolicy = z.infer<typeof AllocationPolicySchema>;
