import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runSuite, DEFAULT_SUITE } from '../../evals/runner/run-suite.js';
import { writeReports } from '../../evals/runner/write-reports.js';
import { runtimeConfig } from '../config.js';
import { log } from '../logger.js';
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
    .option('--concurrency <n>', 'full mode: scenarios sharing the dev server at once', '8')
    .option('--out <dir>', 'folder for eval-report.json/.md/.html (default: <home>/eval)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: EvalOptions) => {
      if (opts.mode !== 'fast' && opts.mode !== 'full') throw new Error(`--mode must be fast or full, not ${opts.mode}`);
      if (opts.live && opts.record) throw new Error('choose --live or --record, not both');
      if ((opts.live || opts.record) && !opts.baseUrl) throw new Error('--live and --record need --base-url URL');
      const upstream = opts.baseUrl ? { baseUrl: opts.baseUrl, ...(process.env.OPENAI_API_KEY ? { apiKey: process.env.OPENAI_API_KEY } : {}) } : undefined;
      const modelMode = opts.live ? 'live' : opts.record ? 'record' : 'replay';
      const report = await runSuite({
        suiteDir: resolve(opts.suite),
        mode: opts.mode,
        model: { mode: modelMode, ...(upstream ? { upstream } : {}) },
        concurrency: Number(opts.concurrency),
        ...(opts.only ? { only: opts.only.split(',').map((s) => s.trim()) } : {}),
      });
      const paths = writeReports(report, resolve(opts.out ?? `${runtimeConfig().home}/eval`));
      log.info({ paths, passed: report.gate.passed }, 'eval reports written');
      if (opts.json) printJson(report);
      else {
        const s = report.scores;
        process.stdout.write(
          `${report.gate.passed ? 'PASS' : 'FAIL'}: ${s.scenarios} scenarios, unsafe ${s.unsafeActions}, as expected ${(s.outcomeMatchRate * 100).toFixed(1)}%, precision ${s.proposalPrecision}, recall ${s.proposalRecall}, savings ${(s.savingsCaptureRate * 100).toFixed(1)}%, root cause ${s.rootCauseTop1}, $${s.costUsdPerScenario}/scenario, p95 decision ${s.p95DecisionLatencyMs} ms\n${report.gate.failures.map((f) => `  gate: ${f}\n`).join('')}${paths.map((p) => `wrote ${p}\n`).join('')}`,
        );
      }
      if (!report.gate.passed) process.exitCode = 1;
    });
}
