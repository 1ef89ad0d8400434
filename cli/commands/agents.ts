import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { AgentIdSchema, budgetStatus, enableAgent, SpendLedger, spendLedgerPath, weekStart } from '../../agents/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { printJson, printTable } from '../output.js';

function openLedger(): { ledger: SpendLedger; path: string } {
  const path = spendLedgerPath(runtimeConfig().auditPath);
  mkdirSync(dirname(path), { recursive: true });
  return { ledger: new SpendLedger(path), path };
}

const usd = (n: number) => n.toFixed(4);

export function registerAgents(program: Command): void {
  const agents = program.command('agents').description('LLM agents: spend against budgets, re-enabling a revoked agent');

  agents
    .command('spend')
    .description('spend per agent, model and day, and where each agent stands against its budgets')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const config = runtimeConfig();
      const { ledger, path } = openLedger();
      const now = new Date().toISOString();
      // This week's rows; a longer history is in the ledger file for any SQLite client.
      const rows = ledger.byAgentModelDay(weekStart(now));
      const budgets = AgentIdSchema.options.map((id) => budgetStatus(ledger, config.llm, id, 'cli', now));
      const events = ledger.events();
      // How each model's calls ended, and how often a template answered instead.
      const reliability = ledger.reliabilityByModel(weekStart(now));
      ledger.close();
      if (opts.json) return printJson({ ledger: path, at: now, rows, budgets, events, reliability });
      process.stdout.write(`agent spend this week (${path})\n`);
      printTable(
        rows.map((r) => ({
          day: r.day,
          agent: r.agentId,
          model: r.model,
          calls: r.calls,
          tokensIn: r.inputTokens,
          tokensOut: r.outputTokens,
          cached: r.cachedTokens,
          usd: usd(r.costUsd),
        })),
        ['day', 'agent', 'model', 'calls', 'tokensIn', 'tokensOut', 'cached', 'usd'],
      );
      process.stdout.write('\nbudgets\n');
      printTable(
        budgets.map((b) => ({
          agent: b.agentId,
          budget: b.budgetId,
          today: `${usd(b.spentUsd.daily)} / ${b.limitUsd.daily}`,
          week: `${usd(b.spentUsd.weekly)} / ${b.limitUsd.weekly}`,
          perRun: b.limitUsd.run,
          state: b.state,
          reason: b.reason,
        })),
        ['agent', 'budget', 'today', 'week', 'perRun', 'state', 'reason'],
      );
      process.stdout.write('\nmodel calls this week: how they ended, and answers that fell back to the template\n');
      printTable(
        reliability.map((r) => ({ ...r, outputTokensPerCall: r.outputTokensPerCall })),
        ['model', 'calls', 'valid', 'cut', 'timeout', 'invalid', 'error', 'fallbacks', 'outputTokensPerCall'],
      );
    });

  agents
    .command('enable')
    .description('lift a revocation: the agent gets a fresh allowance from now, recorded with the approver')
    .argument('<agent>', `one of ${AgentIdSchema.options.join(', ')}`)
    .requiredOption('--as <approver>', 'who approves spending again')
    .option('--reason <text>', 'why', 're-enabled by approver')
    .option('--json', 'print JSON')
    .action((agent: string, opts: { as: string; reason: string; json?: boolean }) => {
      const parsed = AgentIdSchema.safeParse(agent);
      if (!parsed.success) throw new Error(`unknown agent "${agent}": expected one of ${AgentIdSchema.options.join(', ')}`);
      const { ledger } = openLedger();
      const now = new Date().toISOString();
      const event = enableAgent(ledger, parsed.data, opts.as, now, opts.reason);
      const status = budgetStatus(ledger, runtimeConfig().llm, parsed.data, 'cli', now);
      ledger.close();
      if (opts.json) return printJson({ event, status });
      process.stdout.write(`${parsed.data} enabled by ${opts.as} at ${now}; now ${status.state} (${status.reason})\n`);
    });
}
