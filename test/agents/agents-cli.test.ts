import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpendLedger, spendLedgerPath } from '../../agents/index.js';
import { REPO } from '../support/world.js';
import { tempDir } from './harness.js';

function tollgate(home: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(REPO, 'bin/tollgate.mjs'), ...args], { env: { ...process.env, TOLLGATE_HOME: home }, encoding: 'utf8' });
}

describe('tollgate agents', () => {
  it('spend --json shows spend per day, agent and model against budget; enable records the approver', () => {
    const home = tempDir();
    const now = new Date().toISOString();
    const ledger = new SpendLedger(spendLedgerPath(join(home, 'audit.sqlite')));
    const call = { runId: 'r', findingId: 'f', owner: 'web', budgetId: 'agents/rightsizer', promptId: 'p', cacheHit: false, outcome: 'valid' };
    ledger.record({ ...call, at: now, agentId: 'rightsizer', model: 'gpt-4o-mini', tokens: { input: 1000, output: 100, cached: 0 }, costUsd: 6 });
    ledger.record({
      ...call,
      at: now,
      agentId: 'rightsizer',
      model: 'smollm2',
      tokens: { input: 900, output: 256, cached: 0 },
      costUsd: 0,
      outcome: 'cut',
      finishReason: 'length',
    });
    ledger.record({
      ...call,
      at: now,
      agentId: 'rightsizer',
      model: 'smollm2',
      tokens: { input: 900, output: 256, cached: 0 },
      costUsd: 0,
      outcome: 'timeout',
      tokensEstimated: true,
    });
    ledger.recordFallback({ at: now, agentId: 'rightsizer', model: 'smollm2', runId: 'r', findingId: 'f', promptId: 'p', reason: 'timeout' });
    ledger.addEvent({ at: now, agentId: 'rightsizer', kind: 'revoked', period: 'daily', reason: 'daily spend passed the limit' });
    ledger.close();

    const spend = JSON.parse(tollgate(home, 'agents', 'spend', '--json')) as {
      rows: { agentId: string; model: string; costUsd: number; inputTokens: number }[];
      budgets: { agentId: string; state: string; limitUsd: { daily: number } }[];
      reliability: { model: string }[];
    };
    expect(spend.rows).toContainEqual(
      expect.objectContaining({ day: now.slice(0, 10), agentId: 'rightsizer', model: 'gpt-4o-mini', costUsd: 6, inputTokens: 1000 }),
    );
    // How often each model was cut, timed out, or left the answer to the template.
    expect(spend.reliability).toEqual([
      { model: 'gpt-4o-mini', calls: 1, valid: 1, cut: 0, timeout: 0, invalid: 0, error: 0, fallbacks: 0, outputTokensPerCall: 100 },
      { model: 'smollm2', calls: 2, valid: 0, cut: 1, timeout: 1, invalid: 0, error: 0, fallbacks: 1, outputTokensPerCall: 256 },
    ]);
    expect(spend.budgets.find((b) => b.agentId === 'rightsizer')).toMatchObject({ state: 'revoked', limitUsd: { daily: 5 } });

    const enabled = JSON.parse(tollgate(home, 'agents', 'enable', 'rightsizer', '--as', 'alice@example.com', '--json')) as {
      event: { approver: string };
      status: { state: string };
    };
    expect(enabled.event.approver).toBe('alice@example.com');
    expect(enabled.status.state).toBe('active');
  });
});
