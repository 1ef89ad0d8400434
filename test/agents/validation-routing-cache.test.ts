import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryResponseCache, runRightsizer, SqliteResponseCache } from '../../agents/index.js';
import type { CassetteRequest } from '../../evals/cassette.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import { readPrompt } from '../support/untrusted-blocks.js';
import { cloudOf, rightsizingFindings, runtimeFor, scriptedServer, tempDir } from './harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const promptOf = (r: CassetteRequest) => /^prompt: ([\w-]+)@/m.exec(r.messages[0]!.content)?.[1];

/** A model that invents a size on the propose prompt when it is `badModel`. */
function inventingAuthor(badModels: readonly string[]) {
  return (request: CassetteRequest) => {
    if (promptOf(request) === 'rightsizing-propose' && badModels.includes(request.model))
      return JSON.stringify({ targetSku: 'm5.nano', estimatedMonthlySavingsUsd: 9999, risk: 'low', rationale: 'invented' });
    return scriptAuthor(request);
  };
}

async function webFinding() {
  const cloud = cloudOf();
  return { cloud, finding: (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')! };
}

describe('structured output, repair and model routing', () => {
  it('rejects an invented SKU, repairs on the large model, and records both attempts', async () => {
    server = await scriptedServer(inventingAuthor(['gpt-4o-mini']));
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server), { cloud }, finding);

    expect(result.proposal.source).toBe('llm');
    expect(result.proposal.action).toMatchObject({ toSku: finding.candidates[0]!.sku });
    expect(result.proposeCalls.map((c) => [c.attempt, c.model, c.routeReason, c.outcome])).toEqual([
      ['first', 'gpt-4o-mini', 'default-small', 'invalid'],
      ['repair', 'gpt-4o', 'repair-escalation', 'valid'],
    ]);
    expect(result.proposeCalls[0]!.problem).toContain('targetSku: must be one of');
    // The repair request shows the model the rejected answer and the problem, both as data.
    const repair = server.requests.at(-1)!;
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    const blocks = readPrompt(repair.messages[2]!.content).blocks;
    expect(blocks.find((b) => b.label === 'rejected-answer')?.value).toContain('"targetSku":"m5.nano"');
    expect(blocks.find((b) => b.label === 'problems')?.value).toEqual([
      { at: 'targetSku', problem: `must be one of ${finding.candidates.map((c) => c.sku).join(', ')}` },
    ]);
  });

  it('falls back to the deterministic choice when the repair is invalid too', async () => {
    server = await scriptedServer(inventingAuthor(['gpt-4o-mini', 'gpt-4o']));
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server), { cloud }, finding);
    expect(result.proposal).toMatchObject({ source: 'fallback', estimatedMonthlySavingsUsd: finding.candidates[0]!.monthlySavingsUsd });
    expect(result.proposeCalls.map((c) => c.outcome)).toEqual(['invalid', 'invalid']);
    expect(result.proposeCalls.every((c) => c.costUsd > 0)).toBe(true);
  });

  it('drops unknown fields from the model answer', async () => {
    server = await scriptedServer((request) => {
      const answer = JSON.parse(scriptAuthor(request)) as Record<string, unknown>;
      return JSON.stringify({ ...answer, action: 'terminate', deleteVolumes: true });
    });
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server), { cloud }, finding);
    expect(result.proposal.action.type).toBe('resize');
    expect(Object.keys(result.enrichment).sort()).toEqual(['explanation', 'nextStep', 'owner', 'source']);
  });

  it('sends findings above the $ threshold to the large model first', async () => {
    server = await scriptedServer();
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server, { escalateAboveUsd: 50 }), { cloud }, finding);
    expect(result.enrichCalls[0]).toMatchObject({ model: 'gpt-4o', routeReason: 'above-threshold', outcome: 'valid' });
  });

  it('answers a repeated question from the cache: no HTTP call, no cost', async () => {
    server = await scriptedServer();
    const { cloud, finding } = await webFinding();
    const runtime = runtimeFor(server, {}, { cache: new MemoryResponseCache() });
    const first = await runRightsizer(runtime, { cloud }, finding);
    const requestsAfterFirst = server.requests.length;
    const second = await runRightsizer(runtime, { cloud }, finding);
    expect(server.requests.length).toBe(requestsAfterFirst);
    expect(second.proposal).toEqual(first.proposal);
    expect([...second.enrichCalls, ...second.proposeCalls].map((c) => [c.cacheHit, c.costUsd])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });

  it('keys the cache by model too, and keeps it in SQLite across reopen', async () => {
    server = await scriptedServer();
    const { cloud, finding } = await webFinding();
    const path = join(tempDir(), 'cache.sqlite');
    const cache = new SqliteResponseCache(path);
    await runRightsizer(runtimeFor(server, {}, { cache }), { cloud }, finding);
    cache.close();
    expect(existsSync(path)).toBe(true);

    const reopened = new SqliteResponseCache(path);
    const before = server.requests.length;
    const again = await runRightsizer(runtimeFor(server, {}, { cache: reopened }), { cloud }, finding);
    expect(server.requests.length).toBe(before);
    expect(again.enrichCalls[0]!.cacheHit).toBe(true);

    const otherModel = await runRightsizer(runtimeFor(server, { model: 'gpt-4.1-mini' }, { cache: reopened }), { cloud }, finding);
    expect(otherModel.enrichCalls[0]).toMatchObject({ cacheHit: false, model: 'gpt-4.1-mini' });
    reopened.close();
  });
});
