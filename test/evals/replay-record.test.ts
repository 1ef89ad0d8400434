import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel, LlmConfigSchema } from '../../agents/index.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { tempDir } from '../agents/harness.js';

let servers: RunningReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const ask = (baseUrl: string, text: string) =>
  createChatModel(LlmConfigSchema.parse({ provider: 'replay', baseUrl }))!.invoke([new SystemMessage('prompt: echo@1'), new HumanMessage(text)]);

describe('replay server record mode', () => {
  it('proxies a miss to the upstream, stores it labeled recorded, and replays it without the upstream', async () => {
    // The upstream stands in for a real endpoint: anything OpenAI-compatible.
    const upstream = await startReplayServer({ cassetteDir: tempDir(), mode: 'script', author: (r) => JSON.stringify({ echo: r.messages[1]!.content }) });
    const dir = tempDir();
    const recorder = await startReplayServer({ cassetteDir: dir, mode: 'record', upstream: { baseUrl: upstream.baseUrl, apiKey: 'sk-upstream' } });
    servers = [upstream, recorder];

    const live = await ask(recorder.baseUrl, 'hello');
    expect(live.content).toBe('{"echo":"hello"}');
    expect(upstream.requests).toHaveLength(1);

    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const cassette = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as { label: string; response: { promptTokens: number } };
    expect(cassette.label).toBe('recorded');
    expect(cassette.response.promptTokens).toBeGreaterThan(0);

    // A second identical request is served from the cassette: the upstream is not paid twice.
    await ask(recorder.baseUrl, 'hello');
    expect(upstream.requests).toHaveLength(1);

    const replay = await startReplayServer({ cassetteDir: dir, mode: 'replay' });
    servers.push(replay);
    const again = await ask(replay.baseUrl, 'hello');
    expect(again.content).toBe(live.content);
    expect(again.usage_metadata?.input_tokens).toBe(cassette.response.promptTokens);
  });

  it('fails a replay miss with a readable diff against the closest cassette', async () => {
    const upstream = await startReplayServer({ cassetteDir: tempDir(), mode: 'script', author: () => '{}' });
    const dir = tempDir();
    const recorder = await startReplayServer({ cassetteDir: dir, mode: 'record', upstream: { baseUrl: upstream.baseUrl } });
    servers = [upstream, recorder];
    await ask(recorder.baseUrl, 'size m5.large');

    const replay = await startReplayServer({ cassetteDir: dir, mode: 'replay' });
    servers.push(replay);
    const error = (await ask(replay.baseUrl, 'size m5.xlarge').then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('replay miss');
    expect(error.message).toContain('(recorded)');
    expect(error.message).toContain('- [user] size m5.large');
    expect(error.message).toContain('+ [user] size m5.xlarge');
    expect(replay.misses).toBe(1);
  });

  it('passes an upstream error through and stores nothing', async () => {
    const dir = tempDir();
    const recorder = await startReplayServer({ cassetteDir: dir, mode: 'record', upstream: { baseUrl: 'http://127.0.0.1:9/v1' } });
    servers = [recorder];
    await expect(ask(recorder.baseUrl, 'hello')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
