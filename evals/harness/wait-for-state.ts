import type { PendingView, WorkflowState } from '../../core/index.js';
import { pendingQuery } from '../../workflows/messages.js';

/** Polls the `pending` Query until the workflow is in one of `states`. */
export async function waitForState(
  handle: { query: (q: typeof pendingQuery) => Promise<PendingView> },
  states: readonly WorkflowState[],
  timeoutMs = 60_000,
  pollMs = 100,
): Promise<PendingView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await handle.query(pendingQuery).catch(() => undefined);
    if (view && states.includes(view.state)) return view;
    if (Date.now() > deadline) throw new Error(`workflow did not reach ${states.join('/')} in ${timeoutMs} ms; last state ${view?.state ?? 'unknown'}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export function silentLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
