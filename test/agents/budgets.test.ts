import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { budgetStatus, enableAgent, LlmConfigSchema, runSupervisor, SpendLedger, weekStart, type SpendEntry } from '../../agents/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { cloudOf, NOW, rightsizingFindings, runtimeFor, scriptedServer, tempDir } from './harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const entry = (at: string, costUsd: number, runId = 'run-1'): SpendEntry => ({
  at,
  agentId: 'rightsizer',
  model: 'gpt-4o-mini',
  runId,
  findingId: 'f',
  owner: 'o',
  budgetId: 'agents/rightsizer',
  promptId: 'p',
  tokens: { input: 1, output: 1, cached: 0 },
  costUsd,
  cacheHit: false,
  outcome: 'valid',
});

describe('agent budgets', () => {
  const config = LlmConfigSchema.parse({ budgets: { rightsizer: { dailyUsd: 1, weeklyUsd: 3, perRunUsd: 10 } } });

  it('throttles at the limit, and the day resets it', () => {
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    ledger.record(entry('2026-10-14T01:00:00.000Z', 1));
    expect(budgetStatus(ledger, config, 'rightsizer', 'run-1', NOW)).toMatchObject({ state: 'throttled', spentUsd: { daily: 1 } });
    expect(budgetStatus(ledger, config, 'rightsizer', 'run-1', '2026-10-15T00:00:00.000Z').state).toBe('active');
  });

  it('counts the week from Monday, UTC', () => {
    expect(weekStart('2026-10-14T12:00:00.000Z')).toBe('2026-10-12T00:00:00.000Z');
    expect(weekStart('2026-10-12T00:00:00.000Z')).toBe('2026-10-12T00:00:00.000Z');
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    for (const day of ['12', '13', '14']) ledger.record(entry(`2026-10-${day}T01:00:00.000Z`, 0.999));
    ledger.record(entry('2026-10-11T23:00:00.000Z', 5)); // the Sunday before: last week
    const status = budgetStatus(ledger, config, 'rightsizer', 'run-1', NOW);
    expect(status.spentUsd.weekly).toBeCloseTo(2.997);
    expect(status.state).toBe('active');
  });

  it('throttles per run', () => {
    const perRun = LlmConfigSchema.parse({ budgets: { rightsizer: { dailyUsd: 100, weeklyUsd: 100, perRunUsd: 0.5 } } });
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    ledger.record(entry(NOW, 0.5, 'run-a'));
    expect(budgetStatus(ledger, perRun, 'rightsizer', 'run-a', NOW).state).toBe('throttled');
    expect(budgetStatus(ledger, perRun, 'rightsizer', 'run-b', NOW).state).toBe('active');
  });

  it('revokes an agent whose calls pass the limit; the fallback runs; an approver re-enables it', async () => {
    server = await scriptedServer();
    const cloud = cloudOf();
    const findings = await rightsizingFindings(cloud);
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    // One enrich call costs about $0.00009: the propose call pushes spend past $0.0001.
    const tight = { budgets: { rightsizer: { dailyUsd: 0.0001, weeklyUsd: 1, perRunUsd: 1 } } };
    let now = NOW;
    const runtime = () => runtimeFor(server!, tight, { ledger, clock: () => now });

    const first = await runSupervisor(runtime(), { cloud }, { finding: findings[0]! });
    expect(first.calls.filter((c) => c.agentId === 'rightsizer').map((c) => c.outcome)).toEqual(['valid', 'valid']);
    expect(ledger.events()).toMatchObject([{ kind: 'revoked', agentId: 'rightsizer', period: 'daily' }]);

    const requestsBefore = server.requests.filter((r) => r.messages[0]!.content.includes('prompt: rightsizing')).length;
    const second = await runSupervisor(runtime(), { cloud }, { finding: findings[1]! });
    expect(second.proposal).toMatchObject({ source: 'fallback', action: { toSku: findings[1]!.candidates[0]!.sku } });
    // Both the enrich and the propose step are refused, and both refusals are recorded.
    expect(second.calls.filter((c) => c.agentId === 'rightsizer')).toMatchObject([
      { promptId: 'rightsizing-enrich', outcome: 'revoked', costUsd: 0, routeReason: 'budget' },
      { promptId: 'rightsizing-propose', outcome: 'revoked', costUsd: 0, routeReason: 'budget' },
    ]);
    expect(server.requests.filter((r) => r.messages[0]!.content.includes('prompt: rightsizing')).length).toBe(requestsBefore);
    // The SKU advisor has its own budget and keeps working.
    expect(second.calls.find((c) => c.agentId === 'sku-advisor')?.outcome).toBe('valid');

    // Revocation outlives the spend check: re-enabled by an approver, the agent gets a fresh allowance.
    enableAgent(ledger, 'rightsizer', 'alice@example.com', (now = '2026-10-14T13:00:00.000Z'));
    const third = await runSupervisor(runtime(), { cloud }, { finding: findings[1]! });
    expect(third.proposal?.source).toBe('llm');

    // The refused call is in the ledger too.
    expect(ledger.entries().filter((e) => e.outcome === 'revoked')).toHaveLength(2);
    expect(ledger.byAgentModelDay().find((r) => r.agentId === 'rightsizer' && r.model === 'gpt-4o-mini')?.calls).toBeGreaterThanOrEqual(4);
  });

  it('lifts a daily revocation when the day resets', async () => {
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    ledger.record(entry(NOW, 2));
    ledger.addEvent({ at: NOW, agentId: 'rightsizer', kind: 'revoked', period: 'daily', reason: 'test' });
    expect(budgetStatus(ledger, config, 'rightsizer', 'run-1', NOW).state).toBe('revoked');
    expect(budgetStatus(ledger, config, 'rightsizer', 'run-1', '2026-10-15T00:00:01.000Z').state).toBe('active');
  });

  it('refuses to enable without an approver', () => {
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    expect(() => enableAgent(ledger, 'rightsizer', ' ', NOW)).toThrow(/approver/);
  });
});
