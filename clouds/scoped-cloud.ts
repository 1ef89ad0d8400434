import type { Action, CatalogEntry, ExecutionTicket, Provider, Resource, UtilizationSummary } from '../core/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from './provider.js';

/** One account × region, subscription or project, with its own client and credentials. */
export interface CloudScope {
  /** How people name it: `aws account 111111111111 (prod) us-east-1`. */
  label: string;
  access: 'read-write' | 'read-only';
  cloud: CloudProvider;
  /**
   * Whether a resource belongs to this scope. A client can often read beyond its scope (an ARM or
   * GCE id names its own subscription or project), so a resource is routed only to its owner.
   */
  owns(resource: Resource): boolean;
}

/** A scope the configuration names that could not be used: the run goes on without it and says so. */
export interface SkippedScope {
  provider: Provider;
  label: string;
  reason: string;
}

export class ScopeRefused extends Error {
  override readonly name = 'ScopeRefused';
}

/**
 * One provider's scopes behind one CloudProvider, so the rest of Tollgate keeps asking for "aws"
 * or "gcp". Reads fan out; a resource is routed to the scope that listed it (or, not listed yet,
 * the one that can read it). A read-only scope answers reads and refuses plan and apply, so an
 * approved change there still touches nothing.
 */
export class ScopedCloud implements CloudProvider {
  private readonly owner = new Map<string, CloudScope>();

  constructor(
    readonly provider: Provider,
    readonly scopes: readonly CloudScope[],
  ) {}

  async listResources(): Promise<Resource[]> {
    const lists = await Promise.all(this.scopes.map(async (scope) => ({ scope, resources: await scope.cloud.listResources() })));
    return lists.flatMap(({ scope, resources }) => {
      const owned = resources.filter((r) => scope.owns(r));
      for (const r of owned) this.owner.set(r.id, scope);
      return owned;
    });
  }

  async getResource(id: string): Promise<Resource> {
    const { resource } = await this.locate(id);
    return resource;
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    return (await this.locate(id)).scope.cloud.utilization(id, window);
  }

  async catalog(): Promise<CatalogEntry[]> {
    const seen = new Map<string, CatalogEntry>();
    for (const entries of await Promise.all(this.scopes.map((s) => s.cloud.catalog()))) {
      for (const e of entries) seen.set(`${e.region}/${e.sku}`, e);
    }
    return [...seen.values()];
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    return (await this.writable(action)).cloud.plan(action, ticket);
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    return (await this.writable(action)).cloud.apply(action, ticket);
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
    for (const scope of this.scopes) {
      if (scope.access !== 'read-write') continue;
      const found = await scope.cloud.appliedResult(idempotencyKey);
      if (found) return found;
    }
    return undefined;
  }

  private async writable(action: Action): Promise<CloudScope> {
    const { scope } = await this.locate(action.resourceId);
    if (scope.access !== 'read-write') {
      throw new ScopeRefused(
        `${action.type} on ${action.resourceId} refused: ${scope.label} is read-only in the deployment config; Tollgate changes nothing there`,
      );
    }
    return scope;
  }

  /** The scope holding a resource: the one that listed it, else the first that can read it. */
  private async locate(id: string): Promise<{ scope: CloudScope; resource: Resource }> {
    const known = this.owner.get(id);
    if (known) return { scope: known, resource: await known.cloud.getResource(id) };
    const misses: string[] = [];
    for (const scope of this.scopes) {
      try {
        const resource = await scope.cloud.getResource(id);
        if (!scope.owns(resource)) {
          misses.push(`${scope.label}: not in this scope`);
          continue;
        }
        this.owner.set(id, scope);
        return { scope, resource };
      } catch (error) {
        misses.push(`${scope.label}: ${(error as Error).message}`);
      }
    }
    throw new ScopeRefused(`no configured ${this.provider} scope holds ${id} (${misses.join('; ') || 'no scopes configured'})`);
  }
}
