import { actionHash, type CheckResult, type Verdict } from '../core/index.js';
import type { Check, CheckContext } from './check.js';
import { CHECKS, ruleVersions } from './registry.js';
import { riskOf } from './risk.js';

/** Runs every applicable check. Pure and total: a check that throws is a failed check. */
export function evaluate(ctx: CheckContext, checks: readonly Check[] = CHECKS): Verdict {
  const applicable = checks.filter((c) => c.appliesTo(ctx.proposal.action));
  const results: CheckResult[] = applicable.map((check) => {
    try {
      return { check: check.name, version: check.version, ...check.run(ctx) };
    } catch (error) {
      return { check: check.name, version: check.version, passed: false, reason: `check failed to run: ${(error as Error).message}`, numbers: {} };
    }
  });
  return {
    passed: results.length > 0 && results.every((r) => r.passed),
    actionHash: actionHash(ctx.proposal.action),
    factsAt: ctx.factsAt,
    evaluatedAt: ctx.now,
    risk: riskOf(ctx.resource, ctx.proposal.estimatedMonthlySavingsUsd, ctx.policy),
    ruleVersions: ruleVersions(applicable),
    results,
  };
}
