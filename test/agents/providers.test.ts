import { afterEach, describe, expect, it } from 'vitest';
import { createAgentRuntime, createChatModel, LlmConfigSchema, runRightsizer } from '../../agents/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { cloudOf, NOW, rightsizingFindings, scriptedServer } from './harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function firstFinding() {
  const cloud = cloudOf();
  return { cloud, finding: (await rightsizingFindings(cloud))[0]! };
}

describe('providers', () => {
  it('azure-openai: AzureChatOpenAI reaches the deployment path and maps models to deployments', async () => {
    server = await scriptedServer();
    const endpoint = server.baseUrl.replace(/\/v1$/, '');
    const config = LlmConfigSchema.parse({
      provider: 'azure-openai',
      apiKey: 'test-key',
      azure: { endpoint, deployments: { 'gpt-4o-mini': 'tollgate-small' } },
    });
    const { cloud, finding } = await firstFinding();
    const result = await runRightsizer(createAgentRuntime(config, { clock: () => NOW }), { cloud }, finding);
    expect(result.proposal.source).toBe('llm');
    expect(result.enrichCalls[0]!.model).toBe('gpt-4o-mini');
    expect(server.requests.length).toBe(2);
  });

  it('openai-compatible (Ollama, vLLM) and replay both need a base URL; openai does not', () => {
    expect(() => createChatModel(LlmConfigSchema.parse({ provider: 'openai-compatible' }))).toThrow(/baseUrl/);
    expect(() => createChatModel(LlmConfigSchema.parse({ provider: 'replay' }))).toThrow(/baseUrl/);
    expect(createChatModel(LlmConfigSchema.parse({ provider: 'openai', apiKey: 'sk-test' }))).toBeDefined();
    expect(() => createChatModel(LlmConfigSchema.parse({ provider: 'azure-openai' }))).toThrow(/azure.endpoint/);
    expect(createChatModel(LlmConfigSchema.parse({ provider: 'none' }))).toBeUndefined();
  });

  it('openai-compatible: a custom base URL with its own model names and prices', async () => {
    server = await scriptedServer();
    const config = LlmConfigSchema.parse({
      provider: 'openai-compatible',
      baseUrl: server.baseUrl,
      routes: { rightsizer: { small: 'llama3.1:8b', large: 'llama3.1:70b' } },
      prices: { 'llama3.1:8b': { input: 0, output: 0, cachedInput: 0 } },
    });
    const { cloud, finding } = await firstFinding();
    const result = await runRightsizer(createAgentRuntime(config, { clock: () => NOW }), { cloud }, finding);
    expect(result.enrichCalls[0]).toMatchObject({ model: 'llama3.1:8b', costUsd: 0, outcome: 'valid' });
    expect(server.requests.every((r) => r.model === 'llama3.1:8b')).toBe(true);
  });
});
