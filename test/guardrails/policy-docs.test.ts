import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/index.js';

/** Every policy field of the sections guardrails read is documented in docs/policy.md. */
const DOCUMENTED_ELSEWHERE = new Set(['approvals.slack', 'reporting', 'budgets']);

function leafPaths(value: unknown, prefix: string): string[] {
  if (DOCUMENTED_ELSEWHERE.has(prefix)) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || prefix.endsWith('aliases') || prefix.endsWith('approvers')) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('docs/policy.md', () => {
  it('documents every field with its default', () => {
    const docs = readFileSync('docs/policy.md', 'utf8');
    const missing = leafPaths(DEFAULT_POLICY, '').filter((path) => {
      const field = path.split('.').slice(1).join('.') || path;
      return !docs.includes(`\`${field}\``);
    });
    expect(missing).toEqual([]);
  });
});
