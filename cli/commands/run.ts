import type { Command } from 'commander';
import { loadPolicy, runtimeConfig } from '../config.js';
import { printJson, printTable } from '../output.js';
import { openSandbox } from '../runtime.js';
import { newRunId, startRun } from '../start-run.js';
import { connectClient } from '../temporal.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('detect findings on the estate and start one approval workflow per finding')
    .option('--estate <file>', 'sandbox estate JSON')
    .option('--verify-window <duration>', 'how long to watch after a change (default: the policy)')
    .option('--json', 'print the started workflows as JSON')
    .action(async (opts: { estate?: string; verifyWindow?: string; json?: boolean }) => {
      const config = runtimeConfig({ ...process.env, ...(opts.estate ? { TOLLGATE_ESTATE: opts.estate } : {}) });
      const client = await connectClient(config);
      const started = await startRun(client, openSandbox(config), loadPolicy(config.policyPath), {
        runId: newRunId(),
        ...(opts.verifyWindow ? { verifyWindow: opts.verifyWindow } : {}),
      });
      const rows = started.map((s) => ({
        workflow: s.workflowId,
        resource: s.finding.resourceId,
        from: s.finding.currentSku,
        savingsUsd: s.finding.estimatedMonthlySavingsUsd,
      }));
      if (opts.json) printJson({ started: rows });
      else printTable(rows, ['workflow', 'resource', 'from', 'savingsUsd']);
      await client.connection.close();
    });
}
