import type { DecisionEntry } from '../../core/index.js';

/** A plausible decision entry; tests override what they look at. */
export function entry(overrides: Partial<DecisionEntry> = {}): DecisionEntry {
  return {
    at: '2025-03-03T10:00:00.000Z',
    workflowId: 'wf-1',
    findingId: 'finding-1',
    step: 'check',
    actor: { kind: 'system', id: 'tollgate' },
    input: { digest: 'd'.repeat(64), summary: 'guardrails on i-0abc' },
    output: { passed: true },
    outcome: 'passed',
    ...overrides,
  };
}
