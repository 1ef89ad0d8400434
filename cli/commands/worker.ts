import type { Command } from 'commander';
import { runtimeConfig } from '../../runtime/config.js';
import { runWorker } from '../../runtime/start-worker.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: analysis (read-only: workflows, agents, checks) or actions (the only one that can change clouds)')
    .option('--queue <queue>', 'analysis | actions', 'analysis')
    .option('--config <file>', 'deployment config: clouds and scopes (default: $TOLLGATE_CONFIG, else the sandbox; docs/clouds.md)')
    .option(
      '--max-cached-workflows <n>',
      'analysis: workflows kept resident; waiting approvals beyond this replay from history when decided (docs/performance.md)',
      '500',
    )
    .action(async (opts: { queue: string; maxCachedWorkflows: string; config?: string }) => {
      if (opts.queue !== 'analysis' && opts.queue !== 'actions') throw new Error(`--queue must be analysis or actions, not ${opts.queue}`);
      const maxCachedWorkflows = Number(opts.maxCachedWorkflows);
      if (!Number.isInteger(maxCachedWorkflows) || maxCachedWorkflows < 1) {
        throw new Error(`--max-cached-workflows must be a whole number of at least 1, not "${opts.maxCachedWorkflows}"`);
      }
      await runWorker(runtimeConfig(), opts.queue, { maxCachedWorkflows, ...(opts.config ? { configPath: opts.config } : {}) });
    });
}
