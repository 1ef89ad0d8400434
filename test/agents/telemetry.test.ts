import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { decisionFieldsOf, runRightsizer } from '../../agents/index.js';
import { DecisionEntrySchema } from '../../core/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { cloudOf, NOW, rightsizingFindings, runtimeFor, scriptedServer } from './harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('per-call cost accounting', () => {
  it('puts model, tokens, cost, agent, owner and budget on a span and into the decision record', async () => {
    server = await scriptedServer();
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const cloud = cloudOf();
    const finding = (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')!;
    const result = await runRightsizer(runtimeFor(server, {}, { tracer: provider.getTracer('test') }), { cloud }, finding);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    const enrich = result.enrichCalls[0]!;
    expect(enrich.tokens.input).toBeGreaterThan(0);
    expect(enrich.costUsd).toBeCloseTo((enrich.tokens.input * 0.15 + enrich.tokens.output * 0.6) / 1e6, 12);
    expect(spans[0]!.attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': enrich.tokens.input,
      'gen_ai.usage.output_tokens': enrich.tokens.output,
      'tollgate.llm.cached_tokens': 0,
      'tollgate.llm.cost_usd': enrich.costUsd,
      'tollgate.agent.id': 'rightsizer',
      'tollgate.owner': 'web-team@example.com',
      'tollgate.budget.id': 'agents/rightsizer',
      'tollgate.prompt.id': 'rightsizing-enrich',
      'tollgate.finding.id': finding.id,
    });

    const entry = DecisionEntrySchema.parse({
      at: NOW,
      workflowId: 'wf',
      findingId: finding.id,
      step: 'enrich',
      actor: { kind: 'agent', id: 'rightsizer' },
      input: { digest: 'd', summary: 's' },
      output: { kind: 'enrichment', enrichment: result.enrichment },
      outcome: 'ok',
      ...decisionFieldsOf(enrich),
    });
    expect(entry).toMatchObject({
      model: 'gpt-4o-mini',
      agentId: 'rightsizer',
      owner: 'web-team@example.com',
      budgetId: 'agents/rightsizer',
      costUsd: enrich.costUsd,
    });
  });
});
