import type { Action, CatalogEntry, Finding, OffHoursAction, Proposal, Resource, UtilizationSummary } from '../../core/index.js';
import { PolicySchema, type CheckContext, type Policy } from '../../guardrails/index.js';

/** Hand-written test facts: a sandbox catalog, one VM, its utilization and a resize proposal. */
export const NOW = '2026-07-20T12:00:00.000Z';

const entry = (sku: string, vcpu: number, memoryGiB: number, hourlyUsd: number, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  provider: 'sandbox',
  region: 'us-east-1',
  sku,
  family: sku.split('.')[0]!,
  vcpu,
  memoryGiB,
  architecture: 'x86_64',
  gpu: 0,
  hourlyUsd,
  catalogDate: '2026-07-20',
  ...extra,
});

export const CATALOG: CatalogEntry[] = [
  entry('m5.2xlarge', 8, 32, 0.384),
  entry('m5.xlarge', 4, 16, 0.192),
  entry('m5.large', 2, 8, 0.096),
  entry('c5.xlarge', 4, 8, 0.17),
  entry('m6g.xlarge', 4, 16, 0.154, { architecture: 'arm64' }),
  entry('g4dn.xlarge', 4, 16, 0.526, { gpu: 1 }),
  entry('d4s.xlarge', 8, 32, 0.4, { acceleratedNetworking: true, premiumStorage: true }),
  entry('d4.xlarge', 4, 16, 0.2, { acceleratedNetworking: false, premiumStorage: true }),
  entry('d4s.large', 4, 16, 0.2, { acceleratedNetworking: true, premiumStorage: true }),
];

export const RESOURCE: Resource = {
  id: 'vm-1',
  provider: 'sandbox',
  account: 'default',
  region: 'us-east-1',
  kind: 'vm',
  name: 'api',
  sku: 'm5.2xlarge',
  state: 'running',
  tags: { env: 'dev', team: 'core' },
};

export const UTILIZATION: UtilizationSummary = {
  resourceId: 'vm-1',
  from: '2026-07-06T12:00:00.000Z',
  to: NOW,
  hoursObserved: 336,
  cpu: { p50: 10, p95: 18, p99: 25, p995: 30, max: 45 },
  memory: { p95: 25, p99: 28 },
  networkP95Pct: 1,
};

export function resize(toSku: string, fromSku = 'm5.2xlarge'): Action {
  return { type: 'resize', provider: 'sandbox', resourceId: 'vm-1', region: 'us-east-1', fromSku, toSku };
}

export function simple(type: 'stop' | 'start' | 'terminate' | 'delete-volume' | 'release-address'): Action {
  return { type, provider: 'sandbox', resourceId: 'vm-1', region: 'us-east-1' };
}

export const FINDING: Finding = {
  id: 'f-1',
  kind: 'rightsizing',
  provider: 'sandbox',
  resourceId: 'vm-1',
  region: 'us-east-1',
  currentSku: 'm5.2xlarge',
  summary: 'over-provisioned',
  detectedAt: NOW,
  candidates: [],
  estimatedMonthlySavingsUsd: 140.16,
} as Finding;

export function proposalFor(action: Action, estimatedMonthlySavingsUsd = 140.16): Proposal {
  return {
    findingId: 'f-1',
    action,
    rationale: 'test',
    risk: 'low',
    estimatedMonthlySavingsUsd,
    proposer: { kind: 'agent', id: 'rightsizer' },
    source: 'fallback',
  };
}

export function policy(overrides: Record<string, unknown> = {}): Policy {
  return PolicySchema.parse(overrides);
}

/** A context in which every check passes for m5.2xlarge → m5.xlarge; override what a test varies. */
export function context(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    proposal: proposalFor(resize('m5.xlarge')),
    finding: FINDING,
    resource: RESOURCE,
    utilization: UTILIZATION,
    catalog: CATALOG,
    policy: policy(),
    factsAt: NOW,
    now: NOW,
    ...overrides,
  };
}

export function withTags(tags: Record<string, string>): Resource {
  return { ...RESOURCE, tags };
}

export function withCpu(cpu: Partial<UtilizationSummary['cpu']>, rest: Partial<UtilizationSummary> = {}): UtilizationSummary {
  return { ...UTILIZATION, ...rest, cpu: { ...UTILIZATION.cpu, ...cpu } };
}

/** An off-hours enrollment of vm-1 in "nights": 20:00 to 07:00 Berlin, which in July (CEST) is 18:00 and 05:00 UTC. */
export const OFF_HOURS = {
  zone: 'Europe/Berlin',
  stop: '0 20 * * *',
  start: '0 7 * * *',
  stopFiring: '2026-07-20T18:00:00.000Z',
  startFiring: '2026-07-21T05:00:00.000Z',
  proposer: { kind: 'system', id: 'remediation-rules' } as const,
};

export const ENROLLED: OffHoursAction = {
  type: 'off-hours',
  provider: 'sandbox',
  resourceId: 'vm-1',
  region: 'us-east-1',
  schedule: 'nights',
  stopCron: OFF_HOURS.stop,
  startCron: OFF_HOURS.start,
  timezone: OFF_HOURS.zone,
};

export const ENROLLMENT = { findingId: 'f-1', action: ENROLLED, estimatedMonthlySavingsUsd: 120 };
