import type { CloudProvider } from '../../clouds/provider.js';
import type { Provider, Resource } from '../../core/index.js';

export type WorkerRole = 'analysis' | 'actions';

/**
 * A scope the config names, not yet opened: `open` builds its client with the role's credentials
 * and proves it works (reach, credentials, prices, a first read), or throws what to do.
 */
export interface PlannedScope {
  provider: Provider;
  label: string;
  access: 'read-write' | 'read-only';
  /** The account/subscription/project (and region or zones) a resource must carry to belong here. */
  owns(resource: Resource): boolean;
  open(): Promise<CloudProvider>;
}

/** An error at start for one scope: what went wrong and what to do about it. */
export class ScopeUnavailable extends Error {
  override readonly name = 'ScopeUnavailable';
}

/** The first line of an SDK error, without stack or request ids: enough to act on, no secrets. */
export function briefly(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const text = `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? String(error)}`.split('\n')[0] ?? '';
  return text.slice(0, 300);
}

/** Network failures look alike across SDKs: refused, reset, unknown host, timed out. */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string }; message?: string; name?: string };
  const code = e.code ?? e.cause?.code ?? '';
  return (
    /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH/.test(code) ||
    /ECONNREFUSED|ENOTFOUND|fetch failed|socket hang up|getaddrinfo|TimeoutError/i.test(`${e.name ?? ''} ${e.message ?? ''}`)
  );
}
