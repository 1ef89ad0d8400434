import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The policy: every threshold a check uses. Defaults are DESIGN.md's, each anchored to
 * the provider recommender it comes from (docs/policy.md).
 */
export const PolicySchema = z
  .object({
    version: z.number().int().default(1),
    rightsizing: z
      .object({
        lookbackDays: z.number().int().positive().default(14),
        minHoursOfMetrics: z.number().nonnegative().default(30),
        maxProjectedCpuP995Pct: z.number().positive().max(100).default(80),
        minMonthlySavingsUsd: z.number().nonnegative().default(10),
        minDaysSinceLastChange: z.number().nonnegative().default(7),
      })
      .prefault({}),
    tags: z
      .object({
        excludeKey: z.string().default('tollgate:exclude'),
        /** normalized key → source keys that mean it, e.g. team: [Team, owner-team] */
        aliases: z
          .record(z.string(), z.array(z.string()))
          .default({ team: ['Team', 'owner-team', 'team_name'], env: ['Env', 'environment', 'Environment', 'stage'] }),
        /** normalized keys every resource must carry (tag audit) */
        required: z.array(z.string()).default(['team', 'env', 'owner']),
        envKey: z.string().default('env'),
        productionValues: z.array(z.string()).default(['prod', 'production']),
      })
      .prefault({}),
    approvals: z
      .object({
        required: z.number().int().min(1).default(1),
        requiredForProduction: z.number().int().min(1).default(2),
        expiry: z.string().default('72h'),
        /** approver id (email or chat user) → role */
        approvers: z.record(z.string(), z.string()).default({}),
        allowedRoles: z.array(z.string()).default(['finops', 'platform']),
      })
      .prefault({}),
    execution: z
      .object({
        maxFactsAgeMinutes: z.number().positive().default(60),
        ticketTtlMinutes: z.number().positive().default(15),
        allowedActions: z.array(z.enum(['resize', 'stop', 'start', 'terminate', 'delete-volume', 'release-address'])).default(['resize']),
        verifyWindow: z.string().default('1h'),
        maxActionsPerRun: z.number().int().nonnegative().default(10),
      })
      .prefault({}),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

export function parsePolicy(yamlText: string, source = 'policy'): Policy {
  const raw: unknown = parseYaml(yamlText) ?? {};
  const result = PolicySchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`${source}: invalid policy\n${issues}\nSee docs/policy.md for every field.`);
  }
  return result.data;
}

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});
