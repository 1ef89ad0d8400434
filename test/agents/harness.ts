import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFindings } from '../../activities/detect-findings.js';
import { createAgentRuntime, LlmConfigSchema, type AgentRuntime, type LlmConfig, type RuntimeOptions } from '../../agents/index.js';
import { readOnlyView, type CloudReader } from '../../clouds/provider.js';
import type { Estate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Finding } from '../../core/index.js';
import { startReplayServer, type RunningReplayServer, type ScriptAuthor } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import { DEFAULT_POLICY } from '../../guardrails/index.js';
import { costQueryOverRows, type CostRowLike } from '../../tools/index.js';
import { sampleEstate } from '../support/world.js';

/** Fixed so findings, cassettes and budgets periods are the same on every run. */
export const NOW = '2026-10-14T12:00:00.000Z';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tollgate-agents-'));
}

export function cloudOf(estate: Estate = sampleEstate()): CloudReader {
  return readOnlyView(new SandboxCloud(estate, { clock: () => NOW }));
}

export async function rightsizingFindings(cloud: CloudReader): Promise<Finding[]> {
  return detectFindings(cloud, DEFAULT_POLICY, NOW);
}

/** A replay server in script mode over a fresh directory: every call goes over HTTP. */
export function scriptedServer(author: ScriptAuthor = scriptAuthor, dir = tempDir()): Promise<RunningReplayServer> {
  return startReplayServer({ cassetteDir: dir, mode: 'script', author });
}

/** A fresh scripted server for one run (one property case): no answer stored by another run is replayed. */
export async function withScriptedServer<T>(author: ScriptAuthor, run: (server: RunningReplayServer) => Promise<T>): Promise<T> {
  const server = await scriptedServer(author);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

export function configFor(server: RunningReplayServer, overrides: Partial<LlmConfig> = {}): LlmConfig {
  return LlmConfigSchema.parse({ provider: 'replay', baseUrl: server.baseUrl, ...overrides });
}

export function runtimeFor(server: RunningReplayServer, overrides: Partial<LlmConfig> = {}, options: RuntimeOptions = {}): AgentRuntime {
  return createAgentRuntime(configFor(server, overrides), { clock: () => NOW, runId: 'run-1', ...options });
}

/** Daily FOCUS-like rows: compute steady, data transfer jumping on the anomaly day. */
export function egressSpikeRows(): CostRowLike[] {
  const rows: CostRowLike[] = [];
  for (let day = 1; day <= 8; day += 1) {
    const date = new Date(Date.parse(NOW) - day * 86_400_000).toISOString();
    const anomalyDay = day === 1;
    rows.push({ ChargePeriodStart: date, ServiceName: 'Amazon Elastic Compute Cloud', BilledCost: 100, ConsumedQuantity: 240 });
    rows.push({ ChargePeriodStart: date, ServiceName: 'AWS Data Transfer', BilledCost: anomalyDay ? 160 : 20, ConsumedQuantity: anomalyDay ? 1800 : 220 });
  }
  return rows;
}

export const egressCosts = () => costQueryOverRows(egressSpikeRows());

export function anomalyFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'an-egress-1',
    kind: 'anomaly',
    provider: 'sandbox',
    resourceId: 'i-0web0overprov01',
    region: 'us-east-1',
    currentSku: 'm5.2xlarge',
    summary: 'Daily cost of the web account rose from $120 to $260',
    detectedAt: NOW,
    candidates: [],
    estimatedMonthlySavingsUsd: 140 * 30,
    ...overrides,
  };
}
