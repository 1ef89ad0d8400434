import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmConfigSchema, type LlmConfig } from '../../agents/index.js';
import type { Estate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Policy } from '../../guardrails/index.js';
import { modelEndpointFor, type ModelEndpoint, type ModelMode } from './model-endpoint.js';
import type { Scenario } from './scenario.js';
import { estateOf, policyOf } from './scenario-world.js';

export interface ModelOptions {
  mode: ModelMode;
  upstream?: { baseUrl: string; apiKey?: string };
  /**
   * Agent settings for live and record runs (an agents config file: models, caps, response
   * format, slots, time budgets). Replay ignores them: cassettes are keyed by the default request.
   */
  settings?: Record<string, unknown>;
}

/** One scenario's private world: its sandbox cloud, policy, model endpoint and scratch dir. */
export interface ScenarioRun {
  scenario: Scenario;
  estate: Estate;
  cloud: SandboxCloud;
  policy: Policy;
  llm: LlmConfig;
  endpoint: ModelEndpoint;
  scratchDir: string;
}

/** `now` is the eval's clock: scenario timestamps such as `"-2d"` are read against it. */
export async function openScenarioRun(scenario: Scenario, model: ModelOptions, now: Date = new Date()): Promise<ScenarioRun> {
  const estate = estateOf(scenario, now);
  const endpoint = await modelEndpointFor(scenario, model.mode, model.upstream);
  return {
    scenario,
    estate,
    cloud: new SandboxCloud(estate),
    policy: policyOf(scenario),
    llm: LlmConfigSchema.parse({
      ...(model.mode === 'live' || model.mode === 'record' ? (model.settings ?? {}) : {}),
      baseUrl: endpoint.baseUrl,
      ...(model.upstream?.apiKey ? { apiKey: model.upstream.apiKey } : {}),
    }),
    endpoint,
    scratchDir: mkdtempSync(join(tmpdir(), `tollgate-eval-${scenario.id}-`)),
  };
}
