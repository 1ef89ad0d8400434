import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startReplayServer } from '../replay-server.js';
import { cassetteDirOf, type Scenario } from './scenario.js';
import { scenarioAuthor } from './scenario-author.js';

/**
 * replay: the scenario's cassettes only (a miss fails); script: misses answered by the
 * scenario's scripted author and stored; record: misses forwarded to a real endpoint and
 * stored as `recorded`; live: the real endpoint directly, nothing stored.
 */
export type ModelMode = 'replay' | 'script' | 'record' | 'live';

export interface ModelEndpoint {
  baseUrl: string;
  misses(): number;
  close(): Promise<void>;
}

export async function modelEndpointFor(scenario: Scenario, mode: ModelMode, upstream?: { baseUrl: string; apiKey?: string }): Promise<ModelEndpoint> {
  if (mode === 'live') {
    if (!upstream) throw new Error('--live needs --base-url URL of an OpenAI-compatible endpoint');
    return { baseUrl: upstream.baseUrl, misses: () => 0, close: async () => undefined };
  }
  if (mode === 'record' && !upstream) throw new Error('--record needs --base-url URL of the endpoint to record from');
  // Refreshing means every answer comes from the endpoint again: stored ones would be replay hits.
  if (mode === 'record') forgetCassettes(cassetteDirOf(scenario));
  const server = await startReplayServer({
    cassetteDir: cassetteDirOf(scenario),
    mode,
    ...(mode === 'script' ? { author: scenarioAuthor(scenario) } : {}),
    ...(mode === 'record' && upstream ? { upstream } : {}),
  });
  return { baseUrl: server.baseUrl, misses: () => server.misses, close: () => server.close() };
}

function forgetCassettes(dir: string): void {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return;
  }
  for (const f of files) rmSync(join(dir, f));
}
