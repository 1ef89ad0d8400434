import { afterEach, describe, expect, it } from 'vitest';
import { createAgentRuntime, LlmConfigSchema, routeOf, runSupervisor } from '../../agents/index.js';
import type { RunningReplayServer } from '../../evals/replay-server.js';
import { anomalyFinding, cloudOf, egressCosts, NOW, rightsizingFindings, runtimeFor, scriptedServer } from './harness.js';

let server: RunningReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('supervisor graph', () => {
  it('routes by finding kind, deterministically', () => {
    expect(routeOf('anomaly')).toBe('anomaly-enricher');
    expect(routeOf('rightsizing')).toBe('rightsizer');
    expect(routeOf('idle')).toBe('templates');
    expect(routeOf('a-kind-nobody-routed-yet')).toBe('templates');
  });

  it('sends a rightsizing finding to the rightsizer, then the SKU advisor, over HTTP', async () => {
    server = await scriptedServer();
    const cloud = cloudOf();
    const finding = (await rightsizingFindings(cloud)).find((f) => f.resourceId === 'i-0web0overprov01')!;
    const result = await runSupervisor(runtimeFor(server), { cloud }, { finding });

    expect(result.route).toBe('rightsizer');
    expect(result.proposal?.source).toBe('llm');
    expect(result.proposal?.action).toMatchObject({ type: 'resize', fromSku: 'm5.2xlarge', toSku: finding.candidates[0]!.sku });
    expect(result.proposal?.estimatedMonthlySavingsUsd).toBe(finding.candidates[0]!.monthlySavingsUsd);
    expect(result.enrichment.owner).toBe('web-team@example.com');
    expect(result.calls.map((c) => [c.agentId, c.promptId, c.model, c.outcome])).toEqual([
      ['rightsizer', 'rightsizing-enrich', 'gpt-4o-mini', 'valid'],
      ['rightsizer', 'rightsizing-propose', 'gpt-4o-mini', 'valid'],
      ['sku-advisor', 'sku-advice', 'gpt-4o-mini', 'valid'],
    ]);
    expect(server.requests).toHaveLength(3);

    const advice = result.skuAdvice!;
    expect(advice.source).toBe('llm');
    expect(advice.plannedSku).toBe(finding.candidates[0]!.sku);
    expect(advice.options.map((o) => o.id)).toContain(advice.recommended.id);
    expect(new Set(advice.options.map((o) => o.purchase))).toEqual(new Set(['on-demand', 'spot', 'commitment-1y', 'commitment-3y']));
    expect(new Set(advice.options.map((o) => o.family)).size).toBeGreaterThan(1);
  });

  it('explains an anomaly from the cost breakdown: contributors, likely cause and owner from tags', async () => {
    server = await scriptedServer();
    const result = await runSupervisor(runtimeFor(server), { cloud: cloudOf(), costs: egressCosts() }, { finding: anomalyFinding() });

    expect(result.route).toBe('anomaly-enricher');
    expect(result.proposal).toBeUndefined();
    const anomaly = result.anomaly!;
    expect(anomaly.source).toBe('llm');
    expect(anomaly.likelyCause).toBe('data-egress');
    expect(anomaly.owner).toBe('web-team@example.com');
    expect(anomaly.contributors[0]).toMatchObject({ value: 'AWS Data Transfer', baselineUsdPerDay: 20, currentUsdPerDay: 160, deltaUsdPerDay: 140 });
    expect(anomaly.narrative).toContain('AWS Data Transfer');
    // $4200/month is above the default $1000 threshold: the large model answers first time.
    expect(result.calls.map((c) => [c.agentId, c.model, c.routeReason])).toEqual([['anomaly-enricher', 'gpt-4o', 'above-threshold']]);
  });

  it('reads the cause from detect/ contributors when given, and traffic when usage rose with cost', async () => {
    server = await scriptedServer();
    const contributors = [
      {
        dimension: 'ServiceName',
        value: 'Amazon Elastic Compute Cloud',
        deltaUsdPerDay: 80,
        baselineUsdPerDay: 100,
        currentUsdPerDay: 180,
        baselineQuantityPerDay: 240,
        currentQuantityPerDay: 430,
      },
    ];
    const result = await runSupervisor(
      runtimeFor(server),
      { cloud: cloudOf() },
      { finding: anomalyFinding({ estimatedMonthlySavingsUsd: 300 }), contributors },
    );
    expect(result.anomaly?.likelyCause).toBe('traffic');
    expect(result.calls[0]?.model).toBe('gpt-4o-mini');
  });

  it('gives idle findings the deterministic templates without calling a model', async () => {
    server = await scriptedServer();
    const finding = anomalyFinding({ id: 'idle-1', kind: 'idle', summary: 'idle for 7 days' });
    const result = await runSupervisor(runtimeFor(server), { cloud: cloudOf() }, { finding });
    expect(result.route).toBe('templates');
    expect(result.enrichment).toMatchObject({ explanation: 'idle for 7 days', source: 'fallback' });
    expect(server.requests).toHaveLength(0);
  });

  it('works with provider none: the same actions from templates, no model calls', async () => {
    const cloud = cloudOf();
    const runtime = createAgentRuntime(LlmConfigSchema.parse({ provider: 'none' }), { clock: () => NOW });
    for (const finding of await rightsizingFindings(cloud)) {
      const result = await runSupervisor(runtime, { cloud }, { finding });
      expect(result.calls).toEqual([]);
      expect(result.proposal).toMatchObject({ source: 'fallback', action: { toSku: finding.candidates[0]!.sku } });
      expect(result.skuAdvice?.source).toBe('fallback');
    }
    const anomaly = await runSupervisor(runtime, { cloud, costs: egressCosts() }, { finding: anomalyFinding() });
    expect(anomaly.anomaly).toMatchObject({ source: 'fallback', likelyCause: 'data-egress', owner: 'web-team@example.com' });
  });
});
