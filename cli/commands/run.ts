import type { Command } from 'commander';
import { loadPolicy, runtimeConfig } from '../config.js';
import { printJson, printTable } from '../output.js';
import { newRunId, startRun } from '../start-run.js';
import { connectClient } from '../temporal.js';

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
        if (opts.json) return printJson(run);
        process.stdout.write(`${run.runId}: ${run.started.length} finding(s)\n`);
        printTable(
          run.started.map((s) => ({ workflow: s.workflowId, resource: s.resourceId, savingsUsd: s.monthlySavingsUsd })),
          ['workflow', 'resource', 'savingsUsd'],
        );
      } finally {
        await client.connection.close();
      }
    });
}
