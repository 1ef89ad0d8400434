import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CASSETTES } from '../../evals/cassette-paths.js';
import { DEFAULT_SUITE } from '../../evals/runner/run-suite.js';
import { CURRENT_PROMPT_VERSIONS, forgetStaleCassettes, promptOfCassette, staleCassettes } from '../../evals/stale-cassettes.js';

function cassette(system: string) {
  return {
    key: `k-${system}`,
    label: 'scripted',
    request: { model: 'gpt-4o', messages: [{ role: 'system', content: system }] },
    response: { content: '{}', promptTokens: 1, completionTokens: 1 },
  };
}

describe('cassettes and prompt versions', () => {
  it('every stored cassette answers a prompt version Tollgate sends today', () => {
    const dirs = [SAMPLE_CASSETTES, ...readdirSync(DEFAULT_SUITE).map((id) => join(DEFAULT_SUITE, id, 'cassettes'))];
    const stale = dirs.flatMap((dir) => staleCassettes(dir));
    expect(stale).toEqual([]);
    // The anomaly scenarios were rewritten for anomaly-enrich@2.
    const anomaly = readdirSync(join(DEFAULT_SUITE, 'anomaly-deploy-spike', 'cassettes')).map((f) =>
      promptOfCassette(join(DEFAULT_SUITE, 'anomaly-deploy-spike', 'cassettes', f)),
    );
    expect(anomaly).toEqual([{ id: 'anomaly-enrich', version: CURRENT_PROMPT_VERSIONS.get('anomaly-enrich') }]);
  });

  it('forgets the cassettes of an older version and keeps the current ones and the unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-cassettes-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify(cassette('prompt: anomaly-enrich@1\nrest')));
    writeFileSync(join(dir, 'now.json'), JSON.stringify(cassette(`prompt: anomaly-enrich@${CURRENT_PROMPT_VERSIONS.get('anomaly-enrich')}\nrest`)));
    writeFileSync(join(dir, 'other.json'), JSON.stringify(cassette('no prompt line')));
    expect(forgetStaleCassettes(dir)).toEqual([join(dir, 'old.json')]);
    expect(readdirSync(dir).sort()).toEqual(['now.json', 'other.json']);
  });
});
