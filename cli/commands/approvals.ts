import type { Command } from 'commander';
import { decide, listPending, showPending } from '../../approvals/queue.js';
import { changeOf, type PendingView } from '../../core/index.js';
import { runtimeConfig } from '../config.js';
import { printJson, printTable } from '../output.js';
import { connectClient } from '../temporal.js';

export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('the approval queue: list, show, approve, reject');

  approvals
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withClient(async (client) => {
        const pending = await listPending(client);
        if (opts.json) return printJson({ pending });
        if (pending.length === 0) return void process.stdout.write('nothing waits for approval\n');
        printTable(pending.map(row), ['id', 'resource', 'change', 'savingsUsd', 'risk', 'approvals', 'expires']);
      });
    });

  approvals
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withClient(async (client) => {
        const view = await showPending(client, id);
        if (opts.json) return printJson(view);
        process.stdout.write(describe(view));
      });
    });

  for (const decision of ['approve', 'reject'] as const) {
    approvals
      .command(`${decision} <id>`)
      .requiredOption('--as <user>', 'who decides (must be an approver in the policy)')
      .option('--reason <text>', 'why', '')
      .option('--hash <proposalHash>', 'the proposal hash you reviewed (default: the current one)')
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { as: string; reason: string; hash?: string; json?: boolean }) => {
        await withClient(async (client) => {
          const view = await decide(client, id, { decision, approver: opts.as, reason: opts.reason, ...(opts.hash ? { proposalHash: opts.hash } : {}) });
          if (opts.json) return printJson(view);
          const approved = view.approvals.filter((a) => a.decision === 'approve').length;
          process.stdout.write(
            `${decision === 'approve' ? 'approved' : 'rejected'} ${id} as ${opts.as} (${approved}/${view.requirement?.required ?? '?'} approvals)\n`,
          );
        });
      });
  }
}

async function withClient(work: (client: Awaited<ReturnType<typeof connectClient>>) => Promise<void>): Promise<void> {
  const client = await connectClient(runtimeConfig());
  try {
    await work(client);
  } finally {
    await client.connection.close();
  }
}

function row(view: PendingView): Record<string, string | number> {
  const action = view.proposal?.action;
  return {
    id: view.workflowId,
    resource: action?.resourceId ?? '',
    change: action ? changeOf(action) : '',
    savingsUsd: view.proposal?.estimatedMonthlySavingsUsd ?? 0,
    risk: view.proposal?.risk ?? '',
    approvals: `${view.approvals.filter((a) => a.decision === 'approve').length}/${view.requirement?.required ?? '?'}`,
    expires: view.expiresAt ?? '',
  };
}

export function describe(view: PendingView): string {
  const lines = [
    `${view.workflowId}  [${view.state}]`,
    `  ${view.summary}`,
    view.proposal ? `  proposal: ${view.proposal.rationale}` : '',
    view.proposal?.fallback ? `  fallback: ${view.proposal.fallback.detail}` : '',
    view.proposalHash ? `  proposal hash: ${view.proposalHash}` : '',
    view.plan ? `  dry-run (${view.plan.validatedBy}):\n${view.plan.steps.map((step) => `    ${step}`).join('\n')}` : '',
    '  checks:',
    ...view.checks.map((c) => `    ${c.passed ? 'pass' : 'FAIL'}  ${c.check}@${c.version}: ${c.reason}`),
    `  approvals: ${view.approvals.map((a) => `${a.decision} by ${a.approver}`).join(', ') || 'none yet'} (needs ${view.requirement?.required ?? '?'})`,
    view.expiresAt ? `  expires: ${view.expiresAt}` : '',
    view.outcome ? `  outcome: ${view.outcome}` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
