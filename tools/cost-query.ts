import { z } from 'zod';

/** FOCUS columns a cost breakdown may group or filter by. */
export const CostDimensionSchema = z.enum(['ServiceName', 'ServiceCategory', 'RegionId', 'ResourceId', 'SubAccountId', 'ChargeCategory', 'SkuId']);
export type CostDimension = z.infer<typeof CostDimensionSchema>;

export const CostBreakdownRequestSchema = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  groupBy: z.array(CostDimensionSchema).min(1).max(3),
  filter: z.partialRecord(CostDimensionSchema, z.string()).default({}),
  limit: z.number().int().positive().max(50).default(10),
});
export type CostBreakdownRequest = z.infer<typeof CostBreakdownRequestSchema>;

export interface CostBreakdownRow {
  group: Partial<Record<CostDimension, string>>;
  billedCostUsd: number;
  consumedQuantity: number;
}

/**
 * The one warehouse read agents get: a cost breakdown, largest first. warehouse/ implements
 * it over DuckDB; it is a function so no SQL handle, and so no write, ever reaches a tool.
 */
export type ReadOnlyCostQuery = (request: CostBreakdownRequest) => Promise<CostBreakdownRow[]>;
