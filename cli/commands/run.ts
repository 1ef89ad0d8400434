import type { Command } from 'commander';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { openAudit } from '../../runtime/deps.js';
import { runScopes, type RunScopes } from '../../runtime/run-scopes.js';
import { printJson, printTable } from '../output.js';
import { newRunId, startRun } from '../../runtime/start-run.js';
import { connectClient } from '../../runtime/temporal.js';
import type { OptimizationRunResult } from '../../workflows/optimization-run.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('start an optimization run: detect findings and start one approval workflow per finding')
    .option('--verify-window <duration>', 'how long to watch after a change (default: the policy)')
    .option('--json', 'print the run as JSON')
    .action(async (opts: { verifyWindow?: string; json?: boolean }) => {
      // The workers read the estate (TOLLGATE_ESTATE where they run); this only starts the run.
      const config = runtimeConfig();
      const client = await connectClient(config);
      try {
        const run = await startRun(client, loadPolicy(config.policyPath), {
          runId: newRunId(),
          ...(opts.verifyWindow ? { verifyWindow: opts.verifyWindow } : {}),
        });
        const scopes = await readScopes(config, run.runId);
        if (opts.json) return printJson(scopes ? { ...run, scopes } : run);
        printScopes(scopes);
        process.stdout.write(`${run.runId}: ${run.started.length} finding(s)\n`);
        printTable(
          run.started.map((s) => ({ workflow: s.workflowId, resource: s.resourceId, savingsUsd: s.monthlySavingsUsd })),
          ['workflow', 'resource', 'savingsUsd'],
        );
        printAlreadyOpen(run.alreadyOpen);
        printBudgetAlerts(run.budgetAlerts);
      } finally {
        await client.connection.close();
      }
    });
}

/** The scopes the analysis worker read for this run, from its audit record (absent in a sandbox-only setup). */
async function readScopes(config: ReturnType<typeof runtimeConfig>, runId: string): Promise<RunScopes | undefined> {
  const audit = openAudit(config);
  try {
    return await runScopes(audit, runId);
  } finally {
    await audit.close();
  }
}

function printScopes(scopes: RunScopes | undefined): void {
  if (!scopes) return;
  process.stdout.write(`scopes read: ${scopes.scanned.map((s) => `${s.label}${s.access === 'read-only' ? ' (read-only)' : ''}`).join(', ') || 'none'}\n`);
  for (const s of scopes.skipped) process.stdout.write(`scope skipped: ${s.label}: ${s.reason}\n`);
}

/** Resources not asked about again: a request for each is still pending, executing or verifying. */
function printAlreadyOpen(alreadyOpen: OptimizationRunResult['alreadyOpen']): void {
  if (!alreadyOpen?.length) return;
  process.stdout.write(`${alreadyOpen.length} resource(s) skipped: a request is already open (see "tollgate approvals list")\n`);
  printTable(
    alreadyOpen.map((a) => ({ resource: a.resourceId, lease: a.leaseId })),
    ['resource', 'lease'],
  );
}

/** What the run's budget step sent (docs/detection.md, Budgets). */
function printBudgetAlerts(result: OptimizationRunResult['budgetAlerts']): void {
  if (!result) return;
  if (result.skipped) return void process.stdout.write(`budgets: not evaluated (${result.skipped})\n`);
  process.stdout.write(`budgets as of ${result.asOf ?? '?'}: ${result.alerts.length} new alert(s)\n`);
  if (result.alerts.length === 0) return;
  printTable(
    result.alerts.map((a) => ({
      alert: a.id,
      projectedPct: a.projectedPct,
      delivery:
        a.delivery.status === 'delivered'
          ? `slack ${a.delivery.channel}`
          : a.delivery.status === 'undelivered'
            ? `undelivered: ${a.delivery.error}`
            : 'recorded (no Slack)',
    })),
    ['alert', 'projectedPct', 'delivery'],
  );
}
