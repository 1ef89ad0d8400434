import { describe, expect, it } from 'vitest';
import { anomalyEnricherTools, costQueryOverRows, listPriceRatioOptions, rightsizerTools, skuAdvisorTools } from '../../tools/index.js';
import { cloudOf, egressSpikeRows, NOW } from './harness.js';

const names = (tools: Record<string, { name: string }>) =>
  Object.values(tools)
    .map((t) => t.name)
    .sort();

describe('agent tools', () => {
  it('gives each agent only the read-only tools its job needs', () => {
    const sources = { cloud: cloudOf() };
    expect(names(anomalyEnricherTools(sources))).toEqual(['change_history', 'cost_breakdown', 'resource_tags']);
    expect(names(rightsizerTools(sources))).toEqual(['catalog_lookup', 'resource_facts', 'utilization_percentiles']);
    expect(names(skuAdvisorTools(sources))).toEqual(['catalog_search', 'purchase_options', 'resource_tags']);
  });

  it('validates tool input with zod before touching any source', async () => {
    const tools = anomalyEnricherTools({ cloud: cloudOf(), costs: costQueryOverRows(egressSpikeRows()) });
    await expect(tools.costBreakdown.invoke({ from: 'yesterday', to: NOW, groupBy: ['ServiceName'] } as never)).rejects.toThrow();
    await expect(tools.costBreakdown.invoke({ from: NOW, to: NOW, groupBy: ['DROP TABLE'] } as never)).rejects.toThrow();
    await expect(rightsizerTools({ cloud: cloudOf() }).catalogLookup.invoke({ skus: [] })).rejects.toThrow();
  });

  it('breaks cost down by FOCUS columns, largest first', async () => {
    const tools = anomalyEnricherTools({ cloud: cloudOf(), costs: costQueryOverRows(egressSpikeRows()) });
    const rows = JSON.parse(
      String(await tools.costBreakdown.invoke({ from: '2026-10-13T00:00:00.000Z', to: '2026-10-14T00:00:00.000Z', groupBy: ['ServiceName'] })),
    ) as { group: Record<string, string>; billedCostUsd: number }[];
    expect(rows).toEqual([
      { group: { ServiceName: 'AWS Data Transfer' }, billedCostUsd: 160, consumedQuantity: 1800 },
      { group: { ServiceName: 'Amazon Elastic Compute Cloud' }, billedCostUsd: 100, consumedQuantity: 240 },
    ]);
  });

  it('refuses rows in another currency rather than adding them to dollars', () => {
    expect(() => costQueryOverRows([...egressSpikeRows(), { ChargePeriodStart: NOW, BilledCost: 5, BillingCurrency: 'EUR' }])).toThrow(
      /cost rows in EUR: .*USD rows only/,
    );
  });

  it('prices purchase options from the catalog, labeled as estimates where they are', async () => {
    const cloud = cloudOf();
    const entry = (await cloud.catalog()).find((e) => e.sku === 'm5.xlarge')!;
    const options = await listPriceRatioOptions().options(entry);
    expect(options.map((o) => [o.purchase, o.monthlyUsd])).toEqual([
      ['on-demand', 140.16],
      ['spot', 49.06],
      ['commitment-1y', 100.92],
      ['commitment-3y', 70.08],
    ]);
    expect(options.filter((o) => o.purchase !== 'on-demand').every((o) => o.basis.startsWith('estimate'))).toBe(true);
  });

  it('reads change history from the resource, within the window only', async () => {
    const tools = anomalyEnricherTools({ cloud: cloudOf() });
    const inWindow = JSON.parse(
      String(await tools.changeHistory.invoke({ resourceId: 'i-0web0overprov01', from: '2026-08-30T00:00:00Z', to: '2026-09-02T00:00:00Z' })),
    );
    const outside = JSON.parse(String(await tools.changeHistory.invoke({ resourceId: 'i-0web0overprov01', from: '2026-10-01T00:00:00Z', to: NOW })));
    expect(inWindow).toHaveLength(1);
    expect(outside).toEqual([]);
  });
});
