import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentsConfig } from '../../runtime/config.js';
import { REPO } from '../support/world.js';

describe('agent settings from a file and the environment', () => {
  it('reads the example file: routes, prices and budgets, with the environment on top', () => {
    const config = agentsConfig({
      TOLLGATE_AGENTS_CONFIG: join(REPO, 'examples/agents.yaml'),
      TOLLGATE_LLM_MODEL: 'qwen2.5',
      TOLLGATE_LLM_API_KEY: 'sk-from-env-only',
    });
    expect(config.model).toBe('qwen2.5');
    expect(config.apiKey).toBe('sk-from-env-only');
    expect(config.routes['anomaly-enricher']).toMatchObject({ small: 'gpt-4o-mini', escalateAboveUsd: 500 });
    expect(config.budgets.rightsizer).toMatchObject({ dailyUsd: 5, weeklyUsd: 20, perRunUsd: 2 });
    expect(config.prices['gpt-4o']?.output).toBe(10);
  });

  it('uses deterministic templates when no endpoint is configured', () => {
    expect(agentsConfig({}).provider).toBe('none');
  });

  it('refuses an API key in a file, and names the bad field of an invalid one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-agents-'));
    writeFileSync(join(dir, 'key.yaml'), 'apiKey: sk-should-not-be-here\n');
    expect(() => agentsConfig({ TOLLGATE_AGENTS_CONFIG: join(dir, 'key.yaml') })).toThrow(/apiKey does not belong in a file/);
    writeFileSync(join(dir, 'bad.yaml'), 'provider: openai-compatible\nbudgets:\n  rightsizer: { dailyUsd: -1, weeklyUsd: 1, perRunUsd: 1 }\n');
    expect(() => agentsConfig({ TOLLGATE_AGENTS_CONFIG: join(dir, 'bad.yaml') })).toThrow(/budgets\.rightsizer\.dailyUsd/);
  });
});
