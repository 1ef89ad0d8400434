import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Command } from 'commander';
import { loadThresholds } from '../../evals/runner/gate.js';
import { runSuite, DEFAULT_SUITE } from '../../evals/runner/run-suite.js';
import { writeReports } from '../../evals/runner/write-reports.js';
import { LlmConfigSchema } from '../../agents/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { log } from '../../runtime/logger.js';
import { printJson } from '../output.js';

interface EvalOptions {
  suite: string;
  mode: 'fast' | 'full';
  json?: boolean;
  live?: boolean;
  record?: boolean;
  baseUrl?: string;
  out?: string;
  only?: string;
  tag?: string;
  agentsConfig?: string;
  thresholds?: string;
  concurrency: string;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run the eval suite (scenarios with replayed model answers) and apply the release gate in evals/thresholds.json')
    .option('--suite <dir>', 'folder of scenarios', DEFAULT_SUITE)
    .option('--mode <mode>', 'full: the real workflows on a Temporal dev server; fast: in process, no Temporal', 'full')
    .option('--live', 'ask a real OpenAI-compatible endpoint instead of the cassettes (needs --base-url; OPENAI_API_KEY if it wants one)')
    .option('--record', 'refresh each scenario’s cassettes from the endpoint at --base-url (stored labeled recorded)')
    .option('--base-url <url>', 'OpenAI-compatible base URL for --live or --record, e.g. http://127.0.0.1:11434/v1')
    .option('--only <ids>', 'comma-separated scenario ids')
    .option('--tag <tag>', 'only scenarios with this tag, e.g. safety')
    .option('--agents-config <file>', 'agent settings for --live/--record (models, caps, response format, slots, time budgets; docs/agents.md)')
    .option('--thresholds <file>', 'release gate to apply instead of evals/thresholds.json')
    .option('--concurrency <n>', 'full mode: scenarios sharing the dev server at once', '8')
    .option('--out <dir>', 'folder for eval-report.json/.md/.html (default: <home>/eval)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: EvalOptions) => {
      if (opts.mode !== 'fast' && opts.mode !== 'full') throw new Error(`--mode must be fast or full, not ${opts.mode}`);
      if (opts.live && opts.record) throw new Error('choose --live or --record, not both');
      if ((opts.live || opts.record) && !opts.baseUrl) throw new Error('--live and --record need --base-url URL');
      const upstream = opts.baseUrl ? { baseUrl: opts.baseUrl, ...(process.env.OPENAI_API_KEY ? { apiKey: process.env.OPENAI_API_KEY } : {}) } : undefined;
      const modelMode = opts.live ? 'live' : opts.record ? 'record' : 'replay';
      const settings = opts.agentsConfig ? agentSettings(opts.agentsConfig) : undefined;
      const report = await runSuite({
        suiteDir: resolve(opts.suite),
        mode: opts.mode,
        model: { mode: modelMode, ...(upstream ? { upstream } : {}), ...(settings ? { settings } : {}) },
        concurrency: Number(opts.concurrency),
        ...(opts.only ? { only: opts.only.split(',').map((s) => s.trim()) } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        ...(opts.thresholds ? { thresholds: loadThresholds(resolve(opts.thresholds)) } : {}),
      });
      const paths = writeReports(report, resolve(opts.out ?? `${runtimeConfig().home}/eval`));
      log.info({ paths, passed: report.gate.passed }, 'eval reports written');
      if (opts.json) printJson(report);
      else {
        const s = report.scores;
        process.stdout.write(
          `${report.gate.passed ? 'PASS' : 'FAIL'}: ${s.scenarios} scenarios, unsafe ${s.unsafeActions}, as expected ${(s.outcomeMatchRate * 100).toFixed(1)}%, precision ${s.proposalPrecision}, recall ${s.proposalRecall}, savings ${(s.savingsCaptureRate * 100).toFixed(1)}%, root cause ${s.rootCauseTop1}, $${s.costUsdPerScenario}/scenario, p95 decision ${s.p95DecisionLatencyMs} ms\n${callSummary(report)}${report.gate.failures.map((f) => `  gate: ${f}\n`).join('')}${paths.map((p) => `wrote ${p}\n`).join('')}`,
        );
      }
      if (!report.gate.passed) process.exitCode = 1;
    });
}

/** Fast mode: the model requests of the whole run, how many were cut or timed out, and the template's answers. */
function callSummary(report: Awaited<ReturnType<typeof runSuite>>): string {
  const tallies = report.verdicts.flatMap((v) => (v.outcome.calls ? [v.outcome.calls] : []));
  if (tallies.length === 0) return '';
  const sum = (pick: (t: (typeof tallies)[number]) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  const requests = sum((t) => t.requests);
  const perCall = requests ? Math.round(sum((t) => t.outputTokensPerCall * t.requests) / requests) : 0;
  return `  model: ${requests} requests, ~${perCall} output tokens/call, ${sum((t) => t.cut)} cut, ${sum((t) => t.timeout)} timed out, ${sum((t) => t.invalid)} invalid, ${sum((t) => t.fallbacks)} template answers; ${(report.durationMs / 1000).toFixed(0)} s\n`;
}

/** The agents config file as settings for the eval's endpoint; the key stays in the environment. */
function agentSettings(path: string): Record<string, unknown> {
  const file = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>;
  if ('apiKey' in file) throw new Error(`${path}: apiKey does not belong in a file; set OPENAI_API_KEY`);
  // The eval decides where the endpoint is (--base-url) and that there is one.
  const { baseUrl: _ignored, provider: _provider, ...rest } = file;
  const parsed = LlmConfigSchema.safeParse({ ...rest, baseUrl: 'http://127.0.0.1/v1' });
  if (!parsed.success)
    throw new Error(
      `${path}: invalid agent settings\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\nSee docs/agents.md.`,
    );
  return rest;
}
