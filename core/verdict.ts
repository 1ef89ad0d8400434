import { z } from 'zod';

export const CheckResultSchema = z.object({
  check: z.string(),
  version: z.number().int(),
  passed: z.boolean(),
  reason: z.string(),
  numbers: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).default({}),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** The outcome of every guardrail check on one proposal, on facts read at `factsAt`. */
export const VerdictSchema = z.object({
  passed: z.boolean(),
  actionHash: z.string(),
  factsAt: z.string(),
  evaluatedAt: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  ruleVersions: z.record(z.string(), z.number()),
  results: z.array(CheckResultSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export function failedChecks(verdict: Verdict): CheckResult[] {
  return verdict.results.filter((r) => !r.passed);
}
