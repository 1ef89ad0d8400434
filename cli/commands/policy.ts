import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkPlan, parseTerraformPlan, withProblems, type PlanReport } from '../../guardrails/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { printJson } from '../output.js';
import { catalogForPlan } from '../policy-plan-catalog.js';
import { formatPlanMarkdown } from '../policy-plan-markdown.js';
import { formatPlanReport } from '../policy-plan-report.js';
import { evaluateRego, regoProblems } from '../policy-rego.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  policy?: string;
  json?: boolean;
  format: string;
  rego: string[];
}

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('policy checks outside the optimization loop');
  policy
    .command('check')
    .description(
      'check a Terraform plan (terraform show -json) against the tag and budget policy and any Rego policies; exit 1 with reasons, 2 when the check cannot run',
    )
    .argument('<plan>', 'Terraform plan in JSON')
    .option('--policy <file>', 'policy YAML (default: $TOLLGATE_POLICY or tollgate.policy.yaml)')
    .option(
      '--rego <dir>',
      "also evaluate the Rego policies in this folder (OPA v1 syntax, deny/warn sets; repeatable; Tollgate's own: policies/)",
      collect,
      [],
    )
    .option('--format <format>', 'text | json | markdown (the pull-request comment)', 'text')
    .option('--json', 'print JSON (same as --format json)')
    .action((planPath: string, opts: CheckOptions) => {
      try {
        const format = formatOf(opts);
        const report = check(planPath, opts);
        if (format === 'json') printJson(report);
        else process.stdout.write(format === 'markdown' ? formatPlanMarkdown(report, planPath) : formatPlanReport(report, planPath));
        if (!report.passed) process.exitCode = 1;
      } catch (error) {
        // 2, not 1: a gate that could not check is not a plan that failed, and neither passes.
        process.exitCode = 2;
        throw error;
      }
    });
}

function check(planPath: string, opts: CheckOptions): PlanReport {
  const loaded = loadPolicy(opts.policy ?? runtimeConfig().policyPath);
  const plan = parseTerraformPlan(readJson(planPath), planPath);
  const report = checkPlan(plan, loaded, catalogForPlan(plan));
  if (opts.rego.length === 0) return report;
  return withProblems(report, regoProblems(evaluateRego(planPath, opts.rego, loaded, report.costs)));
}

function formatOf(opts: CheckOptions): Format {
  if (opts.json) return 'json';
  if ((FORMATS as readonly string[]).includes(opts.format)) return opts.format as Format;
  throw new Error(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}"`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
