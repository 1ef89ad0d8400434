import type { CloudReader } from '../clouds/provider.js';
import { lastChangeHistory, type ChangeHistorySource } from './change-history.js';
import type { ReadOnlyCostQuery } from './cost-query.js';
import { changeHistoryTool, costBreakdownTool, purchaseOptionsTool } from './insight-tools.js';
import { listPriceRatioOptions, type PurchaseOptionsSource } from './purchase-options.js';
import { catalogLookupTool, catalogSearchTool, resourceFactsTool, resourceTagsTool, utilizationTool } from './resource-tools.js';

/** The read-only sources tools are built from; warehouse/ and clouds/ supply them. */
export interface ToolSources {
  cloud: CloudReader;
  costs?: ReadOnlyCostQuery;
  history?: ChangeHistorySource;
  pricing?: PurchaseOptionsSource;
}

/** With no warehouse, a cost breakdown is empty rather than missing: agents then say so. */
const NO_COSTS: ReadOnlyCostQuery = async () => [];

/** Each agent gets the tools its job needs and no others. */
export function anomalyEnricherTools(sources: ToolSources) {
  return {
    costBreakdown: costBreakdownTool(sources.costs ?? NO_COSTS),
    resourceTags: resourceTagsTool(sources.cloud),
    changeHistory: changeHistoryTool(sources.history ?? lastChangeHistory(sources.cloud)),
  };
}

export function rightsizerTools(sources: ToolSources) {
  return {
    resourceFacts: resourceFactsTool(sources.cloud),
    utilization: utilizationTool(sources.cloud),
    catalogLookup: catalogLookupTool(sources.cloud),
  };
}

export function skuAdvisorTools(sources: ToolSources) {
  return {
    resourceTags: resourceTagsTool(sources.cloud),
    catalogSearch: catalogSearchTool(sources.cloud),
    purchaseOptions: purchaseOptionsTool(sources.cloud, sources.pricing ?? listPriceRatioOptions()),
  };
}

export type AnomalyEnricherTools = ReturnType<typeof anomalyEnricherTools>;
export type RightsizerTools = ReturnType<typeof rightsizerTools>;
export type SkuAdvisorTools = ReturnType<typeof skuAdvisorTools>;
