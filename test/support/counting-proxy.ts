import { startForwardingProxy } from './forwarding-proxy.js';

/**
 * An HTTP proxy in front of moto that records every EC2 Query-API call it forwards: the test
 * counts what reached the server (e.g. exactly one non-dry-run ModifyInstanceAttribute).
 */
export interface CountingProxy {
  endpoint: string;
  calls: { action: string; dryRun: boolean }[];
  /** Non-dry-run calls of one EC2 action. */
  count(action: string): number;
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const calls: CountingProxy['calls'] = [];
  const proxy = await startForwardingProxy(target, (_req, body) => {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action');
    if (action) calls.push({ action, dryRun: form.get('DryRun') === 'true' });
  });
  return {
    endpoint: proxy.endpoint,
    calls,
    count: (action) => calls.filter((c) => c.action === action && !c.dryRun).length,
    stop: proxy.stop,
  };
}
