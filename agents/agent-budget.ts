import { periodStart, type BudgetPeriod } from './budget-periods.js';
import { budgetFor, type AgentId, type LlmConfig } from './model-config.js';
import type { BudgetEvent, SpendLedger } from './spend-ledger.js';

export type BudgetState = 'active' | 'throttled' | 'revoked';

export interface BudgetStatus {
  agentId: AgentId;
  budgetId: string;
  state: BudgetState;
  reason: string;
  spentUsd: Record<BudgetPeriod, number>;
  limitUsd: Record<BudgetPeriod, number>;
}

const PERIODS: readonly BudgetPeriod[] = ['daily', 'weekly', 'run'];

/**
 * Where an agent stands against its budgets. At a limit it is throttled (templates only);
 * a revocation (recorded when a call pushed spend past a limit) holds until its period
 * resets or an approver re-enables the agent. Spend before a re-enable no longer counts.
 */
export function budgetStatus(ledger: SpendLedger, config: LlmConfig, agentId: AgentId, runId: string, now: string): BudgetStatus {
  const budget = budgetFor(config, agentId);
  const enabledAt = ledger.lastEvent(agentId, 'enabled')?.at ?? '';
  const since = (start: string) => (enabledAt > start ? enabledAt : start);
  const spentUsd = {
    daily: ledger.spent(agentId, since(periodStart('daily', now))),
    weekly: ledger.spent(agentId, since(periodStart('weekly', now))),
    run: ledger.spent(agentId, enabledAt, runId),
  };
  const limitUsd = { daily: budget.dailyUsd, weekly: budget.weeklyUsd, run: budget.perRunUsd };
  const base = { agentId, budgetId: budget.id, spentUsd, limitUsd };
  const revocation = ledger.lastEvent(agentId, 'revoked');
  if (revocation && revocation.at > enabledAt && stillInForce(revocation, runId, now))
    return { ...base, state: 'revoked', reason: `revoked at ${revocation.at}: ${revocation.reason}` };
  const reached = PERIODS.find((p) => spentUsd[p] >= limitUsd[p]);
  if (reached)
    return {
      ...base,
      state: 'throttled',
      reason: `${reached} budget reached: $${round(spentUsd[reached])} of $${limitUsd[reached]}; deterministic templates until it resets`,
    };
  return { ...base, state: 'active', reason: 'within budget' };
}

/** After a call is recorded: spend past a limit revokes the agent, once, and says why. */
export function revokeIfOverspent(ledger: SpendLedger, config: LlmConfig, agentId: AgentId, runId: string, now: string): BudgetEvent | undefined {
  const status = budgetStatus(ledger, config, agentId, runId, now);
  if (status.state === 'revoked') return undefined;
  const over = PERIODS.find((p) => status.spentUsd[p] > status.limitUsd[p]);
  if (!over) return undefined;
  const event: BudgetEvent = {
    at: now,
    agentId,
    kind: 'revoked',
    period: over,
    reason: `${over} spend $${round(status.spentUsd[over])} passed the $${status.limitUsd[over]} limit of budget ${status.budgetId}`,
    ...(over === 'run' ? { runId } : {}),
  };
  ledger.addEvent(event);
  return event;
}

/** An approver lifts a revocation; the agent starts a fresh allowance from now. */
export function enableAgent(ledger: SpendLedger, agentId: AgentId, approver: string, now: string, reason = 're-enabled by approver'): BudgetEvent {
  if (!approver.trim()) throw new Error('enabling an agent needs an approver: pass --as NAME');
  const event: BudgetEvent = { at: now, agentId, kind: 'enabled', approver, reason };
  ledger.addEvent(event);
  return event;
}

function stillInForce(revocation: BudgetEvent, runId: string, now: string): boolean {
  if (revocation.period === 'run') return revocation.runId === runId;
  return revocation.at >= periodStart(revocation.period === 'weekly' ? 'weekly' : 'daily', now);
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
