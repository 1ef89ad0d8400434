import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `tollgate policy check` end to end: real process, real pricing snapshots, exit codes. */
function tollgate(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tollgate.mjs', 'policy', 'check', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TOLLGATE_POLICY: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tollgate policy check', () => {
  it('exits 0 on a compliant plan and prints the monthly delta', () => {
    const run = tollgate('test/fixtures/terraform/compliant.plan.json');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('policy check passed: 3 VM change(s), +$9.21/month (limit +$500), 0 error(s)');
  });
  it('exits 1 with every reason on a violating plan', () => {
    const run = tollgate('test/fixtures/terraform/violations.plan.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ aws_instance.etl: missing required tags: owner (tags.required)');
    expect(run.stdout).toContain('✗ (plan): the plan adds $3577.37/month, over the $500/month limit');
  });
  it('prints one JSON document with --json and honours --policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-policy-'));
    const policyPath = join(dir, 'policy.yaml');
    writeFileSync(policyPath, 'planCheck:\n  maxMonthlyIncreaseUsd: 5000\ntags:\n  required: [team]\n');
    const run = tollgate('test/fixtures/terraform/violations.plan.json', '--policy', policyPath, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { passed: boolean; totalDeltaMonthlyUsd: number; problems: { rule: string }[] };
    // Over the default budget no more, but still missing the team label.
    expect(report).toMatchObject({ passed: false, totalDeltaMonthlyUsd: 3577.37 });
    expect(report.problems.map((p) => p.rule)).toEqual(['required-tags']);
  });
  it('explains a bad policy or a file that is not a plan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-policy-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'planCheck:\n  maxMonthlyIncrease: 10\n');
    const run = tollgate('test/fixtures/terraform/compliant.plan.json', '--policy', bad);
    // 2: the check could not run (1 is kept for a plan that breaks a rule).
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('planCheck.maxMonthlyIncrease: unknown field; remove it or fix its spelling');
    const notPlan = join(dir, 'plan.json');
    writeFileSync(notPlan, '{"resource_changes": 3}');
    const notAPlan = tollgate(notPlan);
    expect(notAPlan.code).toBe(2);
    expect(notAPlan.stderr).toContain('not a Terraform plan in JSON');
  });
});
