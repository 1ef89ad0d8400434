import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { decide, listPending, showPending } from '../../approvals/queue.js';
import { signDecision } from '../../approvals/signing/sign-decision.js';
import { registerKeygen } from './approvals-keygen.js';
import { registerPasskeys } from './approvals-passkeys.js';
import { changeOf, describeScope, riskShown, type PendingView } from '../../core/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { confirmOnTerminal } from '../confirm.js';
import { printJson, printTable } from '../output.js';
import { withClient } from '../temporal-session.js';

export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('the approval queue: list, show, approve, reject');

  approvals
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withClient(async (client) => {
        const { pending, unavailable } = await listPending(client);
        if (opts.json) return printJson({ pending, unavailable });
        for (const u of unavailable) process.stderr.write(`could not read ${u.workflowId}: ${u.reason}\n`);
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

  registerKeygen(approvals);
  registerPasskeys(approvals);

  for (const decision of ['approve', 'reject'] as const) {
    approvals
      .command(`${decision} <id>`)
      .requiredOption('--as <user>', 'who decides (must be an approver in the policy)')
      .option('--reason <text>', 'why', '')
      .option(
        '--hash <proposalHash>',
        decision === 'approve'
          ? 'the proposal hash you reviewed (from "approvals show"); without it, a terminal shows the evidence and asks'
          : 'the proposal hash you reviewed (default: the current one: a rejection can only stop a change)',
      )
      .option('--key <file>', 'sign with this ed25519 private key (or a .pub whose key is in ssh-agent); default: the ssh-agent key the policy lists for you')
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { as: string; reason: string; hash?: string; key?: string; json?: boolean }) => {
        const config = runtimeConfig();
        const policy = loadPolicy(config.policyPath);
        await withClient(async (client) => {
          const proposalHash = opts.hash ?? (decision === 'approve' ? await confirmedHash(client, id) : (await showPending(client, id)).proposalHash);
          if (!proposalHash) throw new Error(`${id} has no proposal waiting for a decision`);
          const signed = await signDecision(
            policy,
            id,
            { proposalHash, decision, approver: opts.as, reason: opts.reason },
            {
              ...(opts.key ? { keyFile: opts.key } : {}),
              ...(process.env.SSH_AUTH_SOCK ? { agentSocket: process.env.SSH_AUTH_SOCK } : {}),
              now: () => new Date(),
            },
          );
          const view = await decide(client, id, signed);
          if (opts.json) return printJson(view);
          const approved = view.approvals.filter((a) => a.decision === 'approve').length;
          process.stdout.write(
            `${decision === 'approve' ? 'approved' : 'rejected'} ${id} as ${opts.as} (${approved}/${view.requirement?.required ?? '?'} approvals)\n`,
          );
        });
      });
  }
}

/**
 * An approval binds to the hash the approver saw. Without --hash, a terminal shows the evidence
 * and asks; anywhere else (a script, a pipe) the approval is refused rather than bound to
 * whatever is current.
 */
async function confirmedHash(client: Client, id: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error(`approving needs --hash: run "tollgate approvals show ${id}", review the proposal, and pass its proposal hash with --hash`);
  }
  const view = await showPending(client, id);
  if (!view.proposalHash) throw new Error(`${id} has no proposal waiting for a decision`);
  process.stderr.write(describe(view));
  if (!(await confirmOnTerminal(`approve proposal ${view.proposalHash}?`))) throw new Error('not approved: you did not confirm');
  return view.proposalHash;
}

function row(view: PendingView): Record<string, string | number> {
  const action = view.proposal?.action;
  return {
    id: view.workflowId,
    resource: action?.resourceId ?? '',
    where: view.scope ? describeScope(view.scope) : '',
    change: action ? changeOf(action) : '',
    savingsUsd: view.proposal?.estimatedMonthlySavingsUsd ?? 0,
    risk: riskShown(view),
    approvals: `${view.approvals.filter((a) => a.decision === 'approve').length}/${view.requirement?.required ?? '?'}`,
    expires: view.expiresAt ?? '',
  };
}

export function describe(view: PendingView): string {
  const lines = [
    `${view.workflowId}  [${view.state}]`,
    `  ${view.summary}`,
    view.scope ? `  where: ${describeScope(view.scope)}` : '',
    view.proposal
      ? `  saves: $${view.proposal.estimatedMonthlySavingsUsd}/month${view.pricing ? ` (${view.pricing.source}${view.pricing.catalogDate ? `, catalog ${view.pricing.catalogDate}` : ''})` : ''}`
      : '',
    view.proposal ? `  proposal: ${view.proposal.rationale}` : '',
    view.proposal?.fallback ? `  fallback: ${view.proposal.fallback.detail}` : '',
    view.proposalHash ? `  proposal hash: ${view.proposalHash}` : '',
    view.proposal ? `  risk: ${riskShown(view)}` : '',
    view.plan ? `  dry-run (${view.plan.validatedBy}):\n${view.plan.steps.map((step) => `    ${step}`).join('\n')}` : '',
    '  checks:',
    ...view.checks.map((c) => `    ${c.passed ? 'pass' : 'FAIL'}  ${c.check}@${c.version}: ${c.reason}`),
    `  approvals: ${view.approvals.map((a) => `${a.decision} by ${a.approver}`).join(', ') || 'none yet'} (needs ${view.requirement?.required ?? '?'})`,
    view.expiresAt ? `  expires: ${view.expiresAt}` : '',
    view.outcome ? `  outcome: ${view.outcome}` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
