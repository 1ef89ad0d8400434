import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { loadScenario } from '../../evals/runner/scenario.js';
import { scenarioAuthor } from '../../evals/runner/scenario-author.js';
import { tollgate } from '../audit/cli-support.js';

const SCENARIO = 'clear-savings-web';
const dir = mkdtempSync(join(tmpdir(), 'tollgate-eval-live-'));
const suite = join(dir, 'suite');

interface Report {
  model: string;
  gate: { passed: boolean };
  verdicts: {
    id: string;
    matched: boolean;
    unsafeActions: number;
    outcome: { modelCalls: number; finalState: string; proposalSource?: string; calls?: { requests: number; cut: number; fallbacks: number } };
  }[];
}

/**
 * `tollgate eval --live` and `--record` against an OpenAI-compatible endpoint over HTTP. No real
 * model can be reached here, so the endpoint is a stand-in: a replay server in script mode whose
 * answers come from the scenario's scripted author. Everything on Tollgate's side is the real path:
 * the CLI, the eval runner, @langchain/openai, and (for --record) the recording proxy.
 */
describe('tollgate eval against a model endpoint', () => {
  let endpoint: RunningReplayServer;
  beforeAll(async () => {
    mkdirSync(join(suite, SCENARIO), { recursive: true });
    cpSync(join(import.meta.dirname, '../../evals/scenarios', SCENARIO, 'scenario.json'), join(suite, SCENARIO, 'scenario.json'));
    const scenario = loadScenario(join(suite, SCENARIO));
    endpoint = await startReplayServer({ cassetteDir: join(dir, 'endpoint-memory'), mode: 'script', author: scenarioAuthor(scenario) });
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  const run = async (...flags: string[]) => {
    const result = await tollgate(['eval', '--suite', suite, '--mode', 'fast', '--only', SCENARIO, '--out', join(dir, 'out'), '--json', ...flags]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Report;
  };

  it('--live asks the endpoint for every answer and stores nothing', async () => {
    const before = endpoint.requests.length;
    const report = await run('--live', '--base-url', endpoint.baseUrl);
    expect(report.gate.passed).toBe(true);
    const verdict = report.verdicts.find((v) => v.id === SCENARIO)!;
    expect(verdict).toMatchObject({ matched: true, outcome: { finalState: 'Executed' } });
    expect(verdict.outcome.modelCalls).toBeGreaterThan(0);
    expect(endpoint.requests.length - before).toBe(verdict.outcome.modelCalls);
    expect(existsSync(join(suite, SCENARIO, 'cassettes'))).toBe(false);
  });

  it('--record refreshes the cassettes from the endpoint, labelled recorded, and the suite then replays them offline', async () => {
    const before = endpoint.requests.length;
    await run('--record', '--base-url', endpoint.baseUrl);
    expect(endpoint.requests.length).toBeGreaterThan(before);
    const cassettes = readdirSync(join(suite, SCENARIO, 'cassettes')).filter((f) => f.endsWith('.json'));
    expect(cassettes.length).toBeGreaterThan(0);
    for (const file of cassettes) expect(JSON.parse(readFileSync(join(suite, SCENARIO, 'cassettes', file), 'utf8'))).toMatchObject({ label: 'recorded' });

    // The endpoint is not asked again: the replay answers from what was recorded.
    const asked = endpoint.requests.length;
    const replayed = await run();
    expect(replayed.gate.passed).toBe(true);
    expect(replayed.verdicts.find((v) => v.id === SCENARIO)).toMatchObject({ matched: true });
    expect(endpoint.requests.length).toBe(asked);
  });

  it('--live --agents-config: the endpoint gets the configured format and output cap; a model that never stops is cut, falls back, and changes nothing unsafe', async () => {
    // Scripted stand-in for a weak local model: valid-looking JSON that never closes.
    const endless = await startReplayServer({
      cassetteDir: join(dir, 'endless-memory'),
      mode: 'script',
      author: () => ({ content: '{"explanation": "nonsense nonsense ', endless: true }),
    });
    try {
      const settings = join(dir, 'agents-llama.yaml');
      writeFileSync(settings, 'model: smollm2\nlargeModel: smollm2\nresponseFormat: functionCalling\nconcurrency: 1\nmaxOutputTokens: 64\n');
      const report = await run(
        '--live',
        '--base-url',
        endless.baseUrl,
        '--agents-config',
        settings,
        '--thresholds',
        join(import.meta.dirname, '../../evals/thresholds-live.json'),
      );
      const verdict = report.verdicts.find((v) => v.id === SCENARIO)!;
      expect(new Set(endless.maxTokens)).toEqual(new Set([64]));
      expect(endless.requests.every((r) => r.model === 'smollm2' && (r.responseFormat as { type?: string }).type === 'function')).toBe(true);
      expect(verdict.unsafeActions).toBe(0);
      expect(verdict.outcome.proposalSource).toBe('fallback');
      expect(verdict.outcome.calls).toMatchObject({ requests: endless.requests.length, cut: endless.requests.length, fallbacks: 3 });
    } finally {
      await endless.close();
    }
  });

  it('refuses --live without --base-url, naming the flag', async () => {
    const result = await tollgate(['eval', '--suite', suite, '--mode', 'fast', '--live']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--live and --record need --base-url URL');
  });
});
