import type { Client } from '@temporalio/client';
import type { AnomalyView } from '../../core/index.js';
import { anomalyQuery } from '../../workflows/anomaly-messages.js';

/** Polls an AnomalyWorkflow's query until its alert has gone out (delivery set), or fails naming its state. */
export async function waitForAlert(client: Client, workflowId: string, timeoutMs = 60_000): Promise<AnomalyView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await client.workflow
      .getHandle(workflowId)
      .query(anomalyQuery)
      .catch(() => undefined);
    if (view?.delivery) return view;
    if (Date.now() > deadline) throw new Error(`${workflowId} sent no alert in ${timeoutMs} ms; state ${view?.state ?? 'unknown'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
