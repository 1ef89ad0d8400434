import { fail, pass, type Check } from '../check.js';

/** The LLM work behind a proposal must stay within the agent's and the run's budget. */
export const spendBudget: Check = {
  name: 'spend-budget',
  version: 1,
  appliesTo: () => true,
  run: ({ spend, policy }) => {
    const { maxAgentUsdPerFinding, maxRunUsd } = policy.spend;
    const limits = { maxAgentUsdPerFinding, maxRunUsd };
    if (!spend) return pass('no spend reported', limits);
    const numbers = { ...limits, agentUsd: spend.agentUsdThisFinding, runUsd: spend.runUsd };
    if (spend.agentUsdThisFinding > maxAgentUsdPerFinding)
      return fail(`agent spent $${spend.agentUsdThisFinding} on this finding > $${maxAgentUsdPerFinding}`, numbers);
    if (spend.runUsd > maxRunUsd) return fail(`the run spent $${spend.runUsd} > $${maxRunUsd}`, numbers);
    return pass(`spend within budget: agent $${spend.agentUsdThisFinding} ≤ $${maxAgentUsdPerFinding}, run $${spend.runUsd} ≤ $${maxRunUsd}`, numbers);
  },
};
