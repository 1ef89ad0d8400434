import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkPlan, parseTerraformPlan } from '../../guardrails/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson } from '../output.js';
import { catalogForPlan } from '../policy-plan-catalog.js';
import { formatPlanReport } from '../policy-plan-report.js';

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('policy checks outside the optimization loop');
  policy
    .command('check')
    .description('check a Terraform plan (terraform show -json) against the tag and budget policy; exit 1 with reasons')
    .argument('<plan>', 'Terraform plan in JSON')
    .option('--policy <file>', 'policy YAML (default: $TOLLGATE_POLICY or tollgate.policy.yaml)')
    .option('--json', 'print JSON')
    .action((planPath: string, opts: { policy?: string; json?: boolean }) => {
      const loaded = loadPolicy(opts.policy ?? runtimeConfig().policyPath);
      const plan = parseTerraformPlan(readJson(planPath), planPath);
      const report = checkPlan(plan, loaded, catalogForPlan(plan));
      if (opts.json) printJson(report);
      else process.stdout.write(formatPlanReport(report, planPath));
      if (!report.passed) process.exitCode = 1;
    });
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message}); produce it with: terraform show -json PLANFILE > plan.json`);
  }
}
