import { tracedReads } from './traced-cloud.js';
import type { Action, CatalogEntry, ExecutionTicket, Provider, Resource, UtilizationSummary } from '../core/index.js';

export interface TimeWindow {
  from: string;
  to: string;
}

/** What analysis needs from a cloud: reads only. */
export interface CloudReader {
  readonly provider: Provider;
  listResources(): Promise<Resource[]>;
  getResource(id: string): Promise<Resource>;
  utilization(id: string, window: TimeWindow): Promise<UtilizationSummary>;
  catalog(): Promise<CatalogEntry[]>;
}

/** The dry-run answer: what would happen, validated by the provider, nothing changed. */
export interface MutationPlan {
  action: Action;
  steps: string[];
  validatedBy: string;
}

export interface MutationResult {
  action: Action;
  idempotencyKey: string;
  /** false when the idempotency key had already been applied: nothing changed this time. */
  appliedNow: boolean;
  /** The recorded prior state (size for a resize, power state for stop/start) for rollback. */
  priorSku: string;
  currentSku: string;
  at: string;
}

/** A cloud that can also change things. Every mutation re-checks its ticket. */
export interface CloudProvider extends CloudReader {
  /** Dry-run: the provider validates the change (AWS DryRun, provider validation elsewhere); nothing changes. */
  plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan>;
  /** Applies the change once: a second call with the same ticket's idempotency key changes nothing. */
  apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult>;
  /** What an idempotency key already applied, if anything: lets a retried execution finish instead of re-applying. */
  appliedResult(idempotencyKey: string): Promise<MutationResult | undefined>;
}

/** Hands out the reads and nothing else, so a holder cannot reach a mutation by a cast. */
export function readOnlyView(cloud: CloudReader): CloudReader {
  // Each read gets a span (a no-op unless an OTLP endpoint is configured).
  return Object.freeze({ provider: cloud.provider, ...tracedReads(cloud) });
}
