import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogForPlan } from '../../cli/policy-plan-catalog.js';
import { evaluateRego, type RegoResult } from '../../cli/policy-rego.js';
import { checkPlan, parseTerraformPlan, PolicySchema, type PlanProblem, type Policy } from '../../guardrails/index.js';

/**
 * Tollgate's tag and budget rules ship twice: in TypeScript (guardrails/plan-check) and in Rego
 * (policies/tollgate, for people to read and extend). The real `opa` binary evaluates the Rego
 * over the same plans; both must name the same resources, rules and (but for the spelling of
 * conflicting variants) the same words.
 */
const REGO_RULES = ['required-tags', 'conflicting-tags', 'budget'];
const dir = mkdtempSync(join(tmpdir(), 'tollgate-rego-agree-'));

function agreement(planPath: string, policy: Policy): { typescript: string[]; rego: string[] } {
  const plan = parseTerraformPlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath);
  const report = checkPlan(plan, policy, catalogForPlan(plan));
  const key = (address: string, rule: string, message: string) => (rule === 'conflicting-tags' ? `${address} ${rule}` : `${address} ${rule}: ${message}`);
  const typescript = report.problems.filter((p: PlanProblem) => REGO_RULES.includes(p.rule)).map((p) => key(p.address, p.rule, p.message));
  const rego = evaluateRego(planPath, ['policies'], policy, report.costs).map((r: RegoResult) => key(r.address, r.rule ?? '?', r.message));
  return { typescript: typescript.sort(), rego: rego.sort() };
}

describe('the Rego rules agree with the TypeScript rules', () => {
  for (const name of ['compliant', 'violations', 'unpriced', 'resources']) {
    it(`on ${name}.plan.json`, () => {
      const { typescript, rego } = agreement(`test/fixtures/terraform/${name}.plan.json`, PolicySchema.parse({}));
      expect(rego).toEqual(typescript);
      if (name === 'violations') expect(rego.length).toBe(3);
    });
  }

  it('under a policy with other required tags, aliases and budget', () => {
    const policy = PolicySchema.parse({
      tags: { required: ['cost-center', 'team'], aliases: { 'cost-center': ['CostCenter', 'cc'] } },
      planCheck: { maxMonthlyIncreaseUsd: 0 },
    });
    const { typescript, rego } = agreement('test/fixtures/terraform/violations.plan.json', policy);
    expect(rego).toEqual(typescript);
    expect(rego.some((r) => r.includes('missing required tags: cost-center'))).toBe(true);
  });

  it('on generated plans: any resource type, tag spelling, empty value and action', () => {
    const key = fc.constantFrom('team', 'Team', 'owner-team', 'env', 'Env', 'environment', 'stage', 'owner', 'OWNER', ' owner', 'cost', 'tollgate:exclude');
    const value = fc.constantFrom('web', 'Web', 'prod', 'dev', '', ' ', 'ana');
    const tags = fc.option(fc.dictionary(key, value, { maxKeys: 5 }), { nil: null });
    const change = fc.record({
      type: fc.constantFrom(
        'aws_instance',
        'aws_ebs_volume',
        'aws_s3_bucket',
        'google_compute_instance',
        'google_compute_disk',
        'azurerm_storage_account',
        'aws_iam_role',
      ),
      action: fc.constantFrom(['create'], ['update'], ['delete'], ['no-op'], ['delete', 'create']),
      tags,
      defaultTags: fc.option(fc.dictionary(key, value, { maxKeys: 2 }), { nil: undefined }),
      withTagField: fc.boolean(),
      size: fc.constantFrom('m5.large', 't3.medium', 'm5.24xlarge'),
    });
    const plans = fc.sample(fc.record({ changes: fc.array(change, { minLength: 1, maxLength: 5 }), budget: fc.constantFrom(0, 50, 500) }), {
      numRuns: 20,
      seed: 17,
    });
    const seen: string[] = [];
    plans.forEach((generated, i) => {
      const resource_changes = generated.changes.map((c, n) => {
        const field = c.type.startsWith('google_') ? 'labels' : 'tags';
        const values: Record<string, unknown> =
          c.type === 'google_compute_instance' ? { machine_type: 'e2-standard-2', zone: 'us-central1-a' } : { instance_type: c.size };
        if (c.withTagField) values[field] = c.tags;
        if (c.defaultTags && c.type.startsWith('aws_')) values.tags_all = c.defaultTags;
        const deleting = c.action.length === 1 && c.action[0] === 'delete';
        return {
          address: `${c.type}.r${n}`,
          type: c.type,
          change: { actions: c.action, before: c.action[0] === 'create' ? null : values, after: deleting ? null : values },
        };
      });
      const path = join(dir, `generated-${i}.json`);
      writeFileSync(path, JSON.stringify({ format_version: '1.2', resource_changes }));
      const { typescript, rego } = agreement(path, PolicySchema.parse({ planCheck: { maxMonthlyIncreaseUsd: generated.budget } }));
      expect(rego, path).toEqual(typescript);
      seen.push(...rego);
    });
    // The generator reaches every rule, so agreement is not agreement on nothing.
    for (const rule of REGO_RULES)
      expect(
        seen.some((r) => r.includes(` ${rule}`)),
        rule,
      ).toBe(true);
  }, 120_000);
});
