import { NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { runtimeConfig } from '../../runtime/config.js';
import { log } from '../../runtime/logger.js';
import { actionDeps, analysisDeps, checkSlackRouting, reportSettings } from '../../runtime/deps.js';
import { createActionsWorker, createAnalysisWorker } from '../../runtime/workers.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: analysis (read-only: workflows, agents, checks) or actions (the only one that can change clouds)')
    .option('--queue <queue>', 'analysis | actions', 'analysis')
    .option(
      '--max-cached-workflows <n>',
      'analysis: workflows kept resident; waiting approvals beyond this replay from history when decided (docs/performance.md)',
      '500',
    )
    .action(async (opts: { queue: string; maxCachedWorkflows: string }) => {
      if (opts.queue !== 'analysis' && opts.queue !== 'actions') throw new Error(`--queue must be analysis or actions, not ${opts.queue}`);
      const maxCachedWorkflows = Number(opts.maxCachedWorkflows);
      if (!Number.isInteger(maxCachedWorkflows) || maxCachedWorkflows < 1) {
        throw new Error(`--max-cached-workflows must be a whole number of at least 1, not "${opts.maxCachedWorkflows}"`);
      }
      const config = runtimeConfig();
      // Before polling: a Slack route that cannot work is a start-up error, not a failure in every workflow.
      if (opts.queue === 'analysis') await checkSlackRouting(config);
      const connection = await NativeConnection.connect({ address: config.temporalAddress });
      const target = { connection, namespace: config.namespace };
      const worker =
        opts.queue === 'analysis'
          ? await createAnalysisWorker(target, analysisDeps(config), { reports: reportSettings(config), maxCachedWorkflows })
          : await createActionsWorker(target, actionDeps(config));
      log.info({ queue: opts.queue, temporal: config.temporalAddress }, 'worker started');
      await worker.run();
      await connection.close();
    });
}
