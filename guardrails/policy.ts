import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ApproverEntrySchema, PasskeyPolicySchema, SshPublicKeySchema } from './approvers-schema.js';
import { FreezeWindowSchema } from './freeze-window-schema.js';
import { describePolicyIssue } from './policy-issue.js';
import { refuseWeakenedSafety } from './policy-safety.js';
import { DurationTextSchema } from './duration-schema.js';
import { OffHoursPolicySchema } from './off-hours-schema.js';
import { TagExceptionSchema } from './tag-exception-schema.js';
import { AllocationPolicySchema } from './allocation-schema.js';

/** A Jira Cloud project key and issue type name (an anomaly alert's issue). */
const JiraTargetSchema = z
  .object({ project: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'a Jira project key such as OPS'), issueType: z.string().min(1).default('Task') })
  .strict();

const ActionTypeSchema = z.enum(['resize', 'stop', 'start', 'terminate', 'delete-volume', 'release-address', 'off-hours']);

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
        /** Memory P99 projected onto the target must stay at or under this (same 20 % headroom as CPU). */
        maxProjectedMemoryP99Pct: z.number().positive().max(100).default(80),
        /** Stricter ceilings for workloads people wait on (Azure Advisor's user-facing rule). */
        userFacing: z
          .object({
            tagKey: z.string().default('workload'),
            tagValues: z.array(z.string()).default(['user-facing']),
            maxProjectedCpuP95Pct: z.number().positive().max(100).default(40),
            maxProjectedMemoryP99Pct: z.number().positive().max(100).default(60),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Azure Advisor's shutdown rule: what counts as idle before a stop is proposed. */
    idle: z
      .object({
        maxCpuP95Pct: z.number().nonnegative().max(100).default(3),
        maxNetworkP95Pct: z.number().nonnegative().max(100).default(2),
        minDays: z.number().positive().default(7),
      })
      .strict()
      .prefault({}),
    /** Periods in which nothing is changed: a cron start plus a duration, or a fixed date range. */
    freezeWindows: z.array(FreezeWindowSchema).default([]),
    /** What agent work may cost: the budget check reads the spend the caller reports. */
    spend: z
      .object({
        maxAgentUsdPerFinding: z.number().nonnegative().default(0.5),
        maxRunUsd: z.number().nonnegative().default(20),
      })
      .strict()
      .prefault({}),
    /** `tollgate policy check PLAN.json`: what a Terraform plan may add to the monthly bill. */
    planCheck: z
      .object({
        maxMonthlyIncreaseUsd: z.number().nonnegative().default(500),
        unpriced: z.enum(['error', 'warning']).default('warning'),
      })
      .strict()
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
        /** granted exceptions to required tags: key, scope, reason, expiry (tag audit) */
        exceptions: z.array(TagExceptionSchema).default([]),
      })
      .strict()
      .prefault({}),
    /** cost allocation: shared or untagged cost split to teams (`costs --allocated`, docs/policy.md) */
    allocation: AllocationPolicySchema.prefault({}),
    approvals: z
      .object({
        required: z.number().int().min(1).default(1),
        requiredForProduction: z.number().int().min(1).default(2),
        expiry: DurationTextSchema.default('72h'),
        /** approver id (email or chat user) → role, or {role, keys: [ssh-ed25519 public keys]} (docs/approvals.md) */
        approvers: z.record(z.string(), ApproverEntrySchema).default({}),
        /** Every approval must carry a valid signature by a key listed here. Production always requires one. */
        requireSignatures: z.boolean().default(true),
        /** Passkey approvals from the console (docs/approvals.md "Passkeys"): relying party and enrollment admins. */
        passkeys: PasskeyPolicySchema.prefault({}),
        allowedRoles: z.array(z.string()).default(['finops', 'platform']),
        /** Slack approvals (docs/approvals.md): who a click counts as, and where requests are posted. */
        slack: z
          .object({
            /** Slack user id (U…) or user group id (S…) → approver id under `approvers`; a user's own entry wins over a group's. */
            approvers: z.record(z.string(), z.string()).default({}),
            /** owner or team tag value → channel id */
            channels: z.record(z.string(), z.string()).default({}),
            defaultChannel: z.string().optional(),
            /** The Slack app's own public keys: its signature counts for the approvers mapped under `approvers` above, and no one else. */
            appKeys: z.array(SshPublicKeySchema).default([]),
            /** how long Snooze waits before the reminder */
            snooze: DurationTextSchema.default('4h'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    execution: z
      .object({
        maxFactsAgeMinutes: z.number().positive().default(60),
        ticketTtlMinutes: z.number().positive().default(15),
        allowedActions: z.array(ActionTypeSchema).default(['resize']),
        verifyWindow: DurationTextSchema.default('1h'),
        maxActionsPerRun: z.number().int().nonnegative().default(10),
        /** Blast radius in money: the sum of monthly $ changed by the actions of one run. */
        maxMonthlyUsdChangedPerRun: z.number().nonnegative().default(5000),
        /** Action types never run on production resources, even when allowed elsewhere. */
        blockedInProduction: z.array(ActionTypeSchema).default(['terminate', 'delete-volume', 'release-address']),
      })
      .strict()
      .prefault({}),
    /** Nightly stop / morning start of opted-in non-production VMs, run by Temporal Schedules. */
    offHours: OffHoursPolicySchema.prefault({}),
    /** The weekly report (docs/reports.md). */
    reporting: z
      .object({
        /** agent id → model spend budget in USD for one report period */
        agentBudgetsUsd: z.record(z.string(), z.number().nonnegative()).default({}),
        topAnomalies: z.number().int().positive().default(5),
      })
      .strict()
      .prefault({}),
    /** Cost anomaly floors and severity bands (`tollgate detect anomalies`, docs/detection.md). */
    anomalies: z
      .object({
        /** $ above expected on the day below which nothing is reported. */
        minImpactUsd: z.number().nonnegative().default(50),
        /** % above expected below which nothing is reported. */
        minPctAboveExpected: z.number().nonnegative().default(5),
        /** A new key (service, account…) is its own finding once its daily cost reaches this. */
        newServiceMinUsd: z.number().nonnegative().default(50),
        /** % above expected at which severity becomes major and critical. */
        majorPct: z.number().positive().default(20),
        criticalPct: z.number().positive().default(50),
        /** Known, planned changes in spend (a migration, a load test, a launch): incidents they cover are not alerted. */
        planned: z
          .array(
            z
              .object({
                name: z.string().min(1),
                /** first and last day covered, YYYY-MM-DD, inclusive */
                from: z.iso.date(),
                to: z.iso.date(),
                /** whose spend: each key given must match the incident's root cause; omitted = any spend */
                match: z
                  .object({
                    provider: z.string(),
                    billingAccount: z.string(),
                    subAccount: z.string(),
                    service: z.string(),
                    region: z.string(),
                    usageType: z.string(),
                    resource: z.string(),
                    team: z.string(),
                    env: z.string(),
                  })
                  .partial()
                  .strict()
                  .default({}),
              })
              .strict()
              .refine((p) => p.to >= p.from, { message: 'to must not be before from', path: ['to'] }),
          )
          .default([]),
        /** How long an anomaly alert waits for feedback (expected | unexpected | planned) before it closes without. */
        feedbackTimeout: DurationTextSchema.default('7d'),
        /** Days after "expected" or "planned" feedback during which new incidents of the same root cause are not alerted. */
        suppressRepeatsDays: z.number().int().positive().default(30),
        /** Where anomaly alerts open a Jira issue (Jira Cloud REST v3): project and issue type per team, else the default; none = no Jira issue. */
        jira: z
          .object({
            teams: z.record(z.string(), JiraTargetSchema).default({}),
            default: JiraTargetSchema.optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .refine((a) => a.criticalPct >= a.majorPct, { message: 'criticalPct must be at least majorPct', path: ['criticalPct'] })
      .prefault({}),
    /** Spend budgets (docs/detection.md): projected period-end spend is alerted at each threshold once per period. */
    budgets: z
      .array(
        z
          .object({
            name: z.string().min(1),
            period: z.enum(['monthly', 'quarterly']).default('monthly'),
            amountUsd: z.number().positive(),
            /** whose spend: a team tag, a (sub-)account, or any normalized tag key and value; omitted = the whole bill */
            scope: z
              .object({
                dimension: z.enum(['total', 'team', 'env', 'billingAccount', 'subAccount', 'tag']).default('total'),
                key: z.string().default('all'),
                tagKey: z.string().optional(),
              })
              .strict()
              .refine((scope) => scope.dimension !== 'tag' || scope.tagKey, {
                message: 'a tag scope needs tagKey, the normalized tag key whose value is key',
                path: ['tagKey'],
              })
              .prefault({}),
            alertAtPct: z.array(z.number().positive()).default([50, 75, 90, 100]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine(refuseWeakenedSafety);
export type Policy = z.infer<typeof PolicySchema>;

/**
 * Parses and validates a policy. A bad policy fails with every problem, each naming the
 * field, what was found and what to do; a typo in a field name is an error, never ignored.
 */
export function parsePolicy(yamlText: string, source = 'policy'): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText) ?? {};
  } catch (error) {
    throw new Error(`${source}: not valid YAML: ${(error as Error).message}\nFix the syntax; see docs/policy.md for an example.`);
  }
  const result = PolicySchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `  ${describePolicyIssue(issue, raw)}`).join('\n');
    throw new Error(`${source}: invalid policy\n${issues}\nSee docs/policy.md for every field, its default and where it comes from.`);
  }
  return result.data;
}

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});
