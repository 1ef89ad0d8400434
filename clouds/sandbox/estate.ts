import { z } from 'zod';
import { CatalogEntrySchema, ResourceSchema } from '../../core/index.js';

/** How a sandbox VM's hourly CPU is generated: a daily wave, noise and optional bursts. */
export const CpuProfileSchema = z.object({
  basePct: z.number().min(0).max(100),
  dailyAmplitudePct: z.number().min(0).default(0),
  noisePct: z.number().min(0).default(0),
  burstEveryHours: z.number().int().positive().optional(),
  burstPct: z.number().min(0).max(100).default(0),
  seed: z.number().int().default(1),
  /** Multiplies CPU after a resize, beyond the vCPU ratio: > 1 simulates a regression. */
  afterChangeFactor: z.number().positive().default(1),
});
export type CpuProfile = z.infer<typeof CpuProfileSchema>;

export const SandboxVmSchema = ResourceSchema.extend({
  /** Volumes and addresses have none; a VM without it reports no data. */
  utilization: z
    .object({
      hoursOfData: z.number().int().nonnegative(),
      cpu: CpuProfileSchema,
      memoryP99Pct: z.number().optional(),
      networkP95Pct: z.number().optional(),
    })
    .default({ hoursOfData: 0, cpu: { basePct: 0, dailyAmplitudePct: 0, noisePct: 0, burstPct: 0, seed: 1, afterChangeFactor: 1 } }),
});
export type SandboxVm = z.infer<typeof SandboxVmSchema>;

/** A whole estate for the sandbox provider, as stored in a JSON fixture. */
export const EstateSchema = z.object({
  description: z.string().default(''),
  catalog: z.object({ source: z.string(), date: z.string(), entries: z.array(CatalogEntrySchema.omit({ catalogDate: true })) }),
  resources: z.array(SandboxVmSchema),
});
export type Estate = z.infer<typeof EstateSchema>;

export function parseEstate(json: string, source: string): Estate {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const result = EstateSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${source}: not a sandbox estate\n${issues}`);
  }
  return result.data;
}
