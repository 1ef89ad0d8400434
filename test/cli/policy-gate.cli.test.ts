import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentMarker } from '../../cli/policy-plan-markdown.js';

/**
 * `tollgate policy check` as a pull-request gate: the user's Rego through the real opa binary
 * (scripts/setup.d/opa.sh), the Markdown comment, and the exit codes the Action relies on:
 * 0 passed, 1 the plan breaks a rule, 2 the check could not run.
 */
function tollgate(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tollgate.mjs', 'policy', 'check', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TOLLGATE_POLICY: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function regoDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-rego-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SIZES = `package acme.sizes

import rego.v1

deny contains msg if {
  some rc in input.resource_changes
  rc.type == "aws_instance"
  endswith(rc.change.after.instance_type, ".24xlarge")
  msg := {"address": rc.address, "msg": sprintf("%s is too large for this account | ask <platform>", [rc.change.after.instance_type])}
}

warn contains "plans touching GCE need a second reviewer" if {
  some rc in input.resource_changes
  startswith(rc.type, "google_")
}
`;

describe('policy check --rego', () => {
  it("fails on the user's deny, keeps warn as a warning, and names the rule that fired", () => {
    const dir = regoDir({ 'sizes/sizes.rego': SIZES });
    const run = tollgate(
      'test/fixtures/terraform/violations.plan.json',
      '--rego',
      dir,
      '--policy',
      writePolicy('tags:\n  required: []\nplanCheck:\n  maxMonthlyIncreaseUsd: 100000\n'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ aws_instance.etl: m5.24xlarge is too large for this account | ask <platform> [data.acme.sizes.deny]');
    expect(run.stdout).toContain('! (plan): plans touching GCE need a second reviewer [data.acme.sizes.warn]');
  });

  it('passes when the Rego finds only warnings', () => {
    const dir = regoDir({ 'sizes.rego': SIZES });
    const run = tollgate('test/fixtures/terraform/compliant.plan.json', '--rego', dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[data.acme.sizes.warn]');
  });

  it('exits 2, naming file and line, when a policy does not compile; 2 for a missing or empty folder', () => {
    const broken = regoDir({ 'broken.rego': 'package acme\n\nimport rego.v1\n\ndeny contains msg if {\n  msg := \n}\n' });
    const run = tollgate('test/fixtures/terraform/compliant.plan.json', '--rego', broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.rego:\d+:\d+: /);
    expect(run.stdout).toBe('');
    const missing = tollgate('test/fixtures/terraform/compliant.plan.json', '--rego', join(broken, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
    const empty = tollgate('test/fixtures/terraform/compliant.plan.json', '--rego', regoDir({ 'README.md': 'no policies' }));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no .rego file');
  });
});

describe('policy check --format markdown', () => {
  it('prints the pull-request comment: marker, cost delta per resource, violations with their rule; exit 1', () => {
    const dir = regoDir({ 'sizes.rego': SIZES });
    const run = tollgate('test/fixtures/terraform/violations.plan.json', '--format', 'markdown', '--rego', dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(commentMarker('test/fixtures/terraform/violations.plan.json'));
    expect(lines[1]).toBe('## ❌ Tollgate policy check failed');
    expect(run.stdout).toContain('| aws\\_instance.etl | create | $0.00 | $3,363.84 | +$3,363.84 |');
    expect(run.stdout).toContain('| aws\\_instance.old | delete | $70.08 | $0.00 | −$70.08 |');
    expect(run.stdout).toContain('| **Total** | | | | **+$3,577.37** |');
    expect(run.stdout).toContain('| ❌ error | aws\\_instance.etl | required-tags | missing required tags: owner (tags.required) |');
    expect(run.stdout).toContain('| ❌ error | (plan) | budget | the plan adds $3577.37/month');
    // Rego text is the user's, escaped: it cannot end the table cell or open HTML.
    expect(run.stdout).toContain(
      '| ❌ error | aws\\_instance.etl | rego: data.acme.sizes.deny | m5.24xlarge is too large for this account \\| ask &lt;platform&gt; |',
    );
    expect(run.stdout).toContain('| ⚠️ warning | (plan) | rego: data.acme.sizes.warn |');
  });

  it('says passed and exits 0 on a compliant plan; a wrong --format exits 2', () => {
    const run = tollgate('test/fixtures/terraform/compliant.plan.json', '--format', 'markdown');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## ✅ Tollgate policy check passed');
    expect(run.stdout).toContain('**+$9.21/month** from 3 changed resources (limit +$500.00/month) · 0 errors, 0 warnings');
    expect(run.stdout).toContain('No policy violations.');
    const wrong = tollgate('test/fixtures/terraform/compliant.plan.json', '--format', 'html');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--format must be one of text, json, markdown, not "html"');
  });
});

function writePolicy(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tollgate-policy-')), 'policy.yaml');
  writeFileSync(path, text);
  return path;
}
