import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outputTokenCapFor, runRightsizer, SpendLedger } from '../../agents/index.js';
import type { CassetteRequest } from '../../evals/cassette.js';
import { startReplayServer, type RequestFormat, type RunningReplayServer, type ScriptAuthor } from '../../evals/replay-server.js';
import { scriptAuthor } from '../../evals/script-author.js';
import { cloudOf, rightsizingFindings, runtimeFor, tempDir } from './harness.js';

// The real @langchain/openai client talks HTTP to the replay server; the server plays a model
// that never stops writing, or one that writes slowly, from scripted cassettes.

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const promptOf = (r: CassetteRequest) => /^prompt: ([\w-]+)@/m.exec(r.messages[0]!.content)?.[1];

/** Rambles on every prompt: valid-looking JSON that never closes. */
const endless: ScriptAuthor = () => ({ content: '{"explanation": "The instance is large and the instance is large and ', endless: true });

/** Answers correctly, at `tokensPerSecond`. */
const slow =
  (tokensPerSecond: number): ScriptAuthor =>
  (request) => ({ content: scriptAuthor(request) as string, tokensPerSecond });

function serve(author: ScriptAuthor, refuse: readonly RequestFormat[] = []) {
  return startReplayServer({ cassetteDir: tempDir(), mode: 'script', author, refuse });
}

async function webFinding() {
  const cloud = cloudOf();
  return { cloud, finding: (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')! };
}

describe('bounded model calls', () => {
  it('derives each prompt’s output cap from its answer schema: the longest valid answer fits, a longer one does not', () => {
    const small = z.object({ a: z.string().max(100) });
    const large = z.object({ a: z.string().max(2000), b: z.enum(['low', 'high']) });
    expect(outputTokenCapFor(large)).toBeGreaterThan(outputTokenCapFor(small));
    const longest = JSON.stringify({ a: 'x'.repeat(2000), b: 'high' });
    // Even at 3 characters a token the longest valid answer is under the cap.
    expect(outputTokenCapFor(large)).toBeGreaterThanOrEqual(Math.ceil(longest.length / 3));
    expect(outputTokenCapFor(large)).toBeLessThan(longest.length);
  });

  it('cuts a model that never stops at max_tokens, records the cut call with tokens, cost and finish_reason, repairs on the large model, then falls back', async () => {
    server = await serve(endless);
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    const { cloud, finding } = await webFinding();
    const started = Date.now();
    const result = await runRightsizer(runtimeFor(server, {}, { ledger }), { cloud }, finding);

    // Without max_tokens this server would never answer; with it, each call ends at the cap.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.maxTokens.every((n) => typeof n === 'number' && n > 0)).toBe(true);
    expect(result.proposeCalls.map((c) => [c.attempt, c.model, c.outcome, c.finishReason])).toEqual([
      ['first', 'gpt-4o-mini', 'cut', 'length'],
      ['repair', 'gpt-4o', 'cut', 'length'],
    ]);
    const cut = result.proposeCalls[0]!;
    expect(cut.tokens.output).toBe(cut.maxOutputTokens);
    expect(cut.costUsd).toBeGreaterThan(0);
    // The cut text never reaches the repair prompt: only the note that it was cut.
    const repair = server.requests.filter((r) => promptOf(r) === 'rightsizing-propose').at(-1)!;
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(repair.messages[2]!.content).toMatch(/cut off at \d+ tokens/);

    expect(result.proposal).toMatchObject({ source: 'fallback', fallback: { reason: 'cut' } });
    expect(result.proposal.fallback!.detail).toMatch(/cut at the output cap \(model gpt-4o, cap \d+ tokens, 2 attempts\)/);
    expect(result.enrichment).toMatchObject({ source: 'fallback', fallback: { reason: 'cut' } });

    const entries = ledger.entries();
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.outcome === 'cut' && e.finishReason === 'length' && e.costUsd > 0)).toBe(true);
    expect(ledger.fallbacks().map((f) => [f.promptId, f.model, f.reason])).toEqual([
      ['rightsizing-enrich', 'gpt-4o', 'cut'],
      ['rightsizing-propose', 'gpt-4o', 'cut'],
    ]);
    expect(ledger.reliabilityByModel().find((r) => r.model === 'gpt-4o-mini')).toMatchObject({ calls: 2, cut: 2, fallbacks: 0 });
    expect(ledger.reliabilityByModel().find((r) => r.model === 'gpt-4o')).toMatchObject({ calls: 2, cut: 2, fallbacks: 2 });
    ledger.close();
  });

  it('stops a slow model at the finding’s time budget, bills the timed-out attempt to the ledger, and retries nothing', async () => {
    server = await serve(slow(5));
    const ledger = new SpendLedger(join(tempDir(), 'spend.sqlite'));
    const { cloud, finding } = await webFinding();
    const started = Date.now();
    const result = await runRightsizer(runtimeFor(server, { findingTimeoutMs: 1_500, timeoutMs: 30_000 }, { ledger }), { cloud }, finding);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(4_000);
    expect(result.enrichCalls.map((c) => [c.attempt, c.outcome])).toEqual([['first', 'timeout']]);
    // The budget was spent: the propose step sends nothing and says so.
    expect(result.proposeCalls.map((c) => c.outcome)).toEqual(['timeout']);
    expect(result.proposeCalls[0]!.problem).toMatch(/no free slot|budget/);
    expect(server.requests).toHaveLength(1);
    const timedOut = result.enrichCalls[0]!;
    expect(timedOut).toMatchObject({ tokensEstimated: true, tokens: { output: timedOut.maxOutputTokens } });
    expect(timedOut.costUsd).toBeGreaterThan(0);
    expect(ledger.entries()[0]).toMatchObject({ outcome: 'timeout', tokensEstimated: true, costUsd: timedOut.costUsd });
    expect(result.proposal).toMatchObject({ source: 'fallback', fallback: { reason: 'timeout' } });
    ledger.close();
  });

  it('keeps at most `concurrency` requests in flight per endpoint; the others wait within their finding’s budget', async () => {
    server = await serve(slow(400));
    const cloud = cloudOf();
    const findings = (await rightsizingFindings(cloud)).slice(0, 3);
    expect(findings.length).toBeGreaterThan(1);
    const runtime = runtimeFor(server, { concurrency: 1 });
    const results = await Promise.all(findings.map((f) => runRightsizer(runtime, { cloud }, f)));
    expect(server.maxInFlight).toBe(1);
    expect(results.every((r) => r.proposal.source === 'llm')).toBe(true);
  });

  it('sends the configured output cap and refuses a prompt over the input cap without sending it', async () => {
    server = await serve(scriptAuthor);
    const { cloud, finding } = await webFinding();
    const capped = await runRightsizer(
      runtimeFor(server, { routes: { rightsizer: { small: 'gpt-4o-mini', large: 'gpt-4o', escalateAboveUsd: 1e9, maxOutputTokens: 300 } } }),
      { cloud },
      finding,
    );
    expect(capped.proposal.source).toBe('llm');
    expect(new Set(server.maxTokens)).toEqual(new Set([300]));

    const sent = server.requests.length;
    const tooLarge = await runRightsizer(runtimeFor(server, { maxInputTokens: 50 }), { cloud }, finding);
    expect(server.requests.length).toBe(sent);
    expect(tooLarge.proposeCalls.map((c) => [c.attempt, c.outcome])).toEqual([
      ['first', 'too-large'],
      ['repair', 'too-large'],
    ]);
    expect(tooLarge.proposal.fallback?.reason).toBe('too-large');
  });
});

/** A real HTTP front that answers the first `failures` requests with `status`, then forwards to the replay server. */
async function flakyFront(
  target: RunningReplayServer,
  status: number,
  failures: number,
): Promise<{ baseUrl: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const front: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits += 1;
      if (hits <= failures) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `busy (${status})`, type: 'server_error' } }));
        return;
      }
      void fetch(`${target.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) }).then(
        async (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(await r.text());
        },
      );
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(front.address() as AddressInfo).port}/v1`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => front.close(() => resolve())),
  };
}

describe('retries only where they can help', () => {
  it('a busy server (HTTP 503) is asked once more and the answer is used; both requests are recorded', async () => {
    server = await serve(scriptAuthor);
    const front = await flakyFront(server, 503, 1);
    try {
      const { cloud, finding } = await webFinding();
      const result = await runRightsizer(runtimeFor(server, { baseUrl: front.baseUrl }), { cloud }, finding);
      expect(result.enrichCalls.map((c) => [c.attempt, c.outcome])).toEqual([
        ['first', 'error'],
        ['retry', 'valid'],
      ]);
      expect(result.proposal.source).toBe('llm');
    } finally {
      await front.close();
    }
  });

  it('a bad request (HTTP 400) is not asked again: the same request would fail the same way', async () => {
    server = await serve(scriptAuthor);
    const front = await flakyFront(server, 400, 100);
    try {
      const { cloud, finding } = await webFinding();
      const result = await runRightsizer(runtimeFor(server, { baseUrl: front.baseUrl }), { cloud }, finding);
      expect(result.enrichCalls.map((c) => [c.attempt, c.outcome])).toEqual([['first', 'error']]);
      expect(result.enrichment.fallback?.reason).toBe('error');
    } finally {
      await front.close();
    }
  });
});

describe('response formats per endpoint', () => {
  it('names the endpoint and the format when the endpoint refuses it (llama.cpp answers json_schema with HTTP 500)', async () => {
    server = await serve(scriptAuthor, ['json_schema']);
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server, { responseFormat: 'json_schema' }), { cloud }, finding);
    const refused = result.enrichCalls[0]!;
    expect(refused.outcome).toBe('error');
    expect(refused.problem).toContain(`endpoint ${server.baseUrl} (model gpt-4o-mini) refused response format json_schema (HTTP 500`);
    expect(refused.problem).toContain('set responseFormat');
    // A refusal is not retried: the same request would be refused again.
    expect(result.enrichCalls).toHaveLength(1);
    expect(result.proposal.fallback?.reason).toBe('error');
  });

  it('functionCalling: the answer is the forced tool call’s arguments, validated like any other', async () => {
    server = await serve(scriptAuthor, ['json_schema', 'json_object']);
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server, { responseFormat: 'functionCalling' }), { cloud }, finding);
    expect(result.proposal.source).toBe('llm');
    expect(result.proposal.action).toMatchObject({ toSku: finding.candidates[0]!.sku });
    expect(server.requests.every((r) => (r.responseFormat as { type?: string }).type === 'function')).toBe(true);
    expect(result.proposeCalls[0]).toMatchObject({ responseFormat: 'functionCalling', finishReason: 'tool_calls', outcome: 'valid' });
  });

  it('auto: detects the first format the endpoint accepts and keeps using it', async () => {
    server = await serve(scriptAuthor, ['json_schema']);
    const { cloud, finding } = await webFinding();
    const result = await runRightsizer(runtimeFor(server, { responseFormat: 'auto' }), { cloud }, finding);
    expect(result.enrichCalls.map((c) => [c.responseFormat, c.outcome])).toEqual([
      ['json_schema', 'error'],
      ['functionCalling', 'valid'],
    ]);
    // Detected once: the propose call goes straight to the accepted format.
    expect(result.proposeCalls.map((c) => [c.responseFormat, c.outcome])).toEqual([['functionCalling', 'valid']]);
    expect(result.proposal.source).toBe('llm');
  });
});
