import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRightsizing } from '../../agents/index.js';
import { SAMPLE_CASSETTES } from '../../evals/cassette-paths.js';
import { startReplayServer, type RunningReplayServer } from '../../evals/replay-server.js';
import { cloudOf, configFor, rightsizingFindings } from '../agents/harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the demo cassettes', () => {
  it('are all labeled scripted (written by the script author, not a model)', () => {
    const labels = readdirSync(SAMPLE_CASSETTES).map((f) => (JSON.parse(readFileSync(join(SAMPLE_CASSETTES, f), 'utf8')) as { label: string }).label);
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['scripted']));
  });

  it('still answer every request runRightsizing makes on the sample estate', async () => {
    server = await startReplayServer({ cassetteDir: SAMPLE_CASSETTES, mode: 'replay' });
    const cloud = cloudOf();
    for (const finding of await rightsizingFindings(cloud)) {
      const result = await runRightsizing(cloud, configFor(server), finding);
      expect(result.proposal.source).toBe('llm');
    }
    expect(server.misses).toBe(0);
  });
});
