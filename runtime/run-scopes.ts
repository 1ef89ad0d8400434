import type { AuditStore } from '../audit/index.js';
import { ScopeReportOutputSchema } from '../core/index.js';
import type { z } from 'zod';

export type RunScopes = z.infer<typeof ScopeReportOutputSchema>;

/** Where a run looked, as its analysis worker recorded it (activities/run-activities.ts); undefined without a deployment config. */
export async function runScopes(audit: AuditStore, runId: string): Promise<RunScopes | undefined> {
  for (const r of await audit.records({ workflowId: runId, step: 'detect' })) {
    const parsed = ScopeReportOutputSchema.safeParse(r.output);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
