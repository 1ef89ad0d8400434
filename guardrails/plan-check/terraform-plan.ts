import { z } from 'zod';

/**
 * The part of `terraform show -json PLANFILE` the plan check reads: each resource change
 * with its before and after values, and the provider configuration (for the AWS region).
 */
const ResourceChangeSchema = z.object({
  address: z.string(),
  type: z.string(),
  change: z.object({
    actions: z.array(z.string()).min(1),
    before: z.record(z.string(), z.unknown()).nullable().default(null),
    after: z.record(z.string(), z.unknown()).nullable().default(null),
  }),
});
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

export const TerraformPlanSchema = z.object({
  format_version: z.string().optional(),
  resource_changes: z.array(ResourceChangeSchema).default([]),
  configuration: z
    .object({
      provider_config: z.record(z.string(), z.object({ expressions: z.record(z.string(), z.unknown()).optional() })).optional(),
    })
    .optional(),
});
export type TerraformPlan = z.infer<typeof TerraformPlanSchema>;

/** Validates a parsed plan document, or throws naming the file, the field and what was expected. */
export function parseTerraformPlan(raw: unknown, source: string): TerraformPlan {
  const result = TerraformPlanSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
  throw new Error(`${source}: not a Terraform plan in JSON\n${issues}\nProduce one with: terraform show -json PLANFILE > plan.json`);
}

/** A constant provider argument such as provider "aws" { region = "eu-west-1" }, if the plan states it. */
export function providerConstant(plan: TerraformPlan, provider: string, argument: string): string | undefined {
  const expression = plan.configuration?.provider_config?.[provider]?.expressions?.[argument];
  const value = typeof expression === 'object' && expression !== null ? (expression as { constant_value?: unknown }).constant_value : undefined;
  return typeof value === 'string' ? value : undefined;
}
