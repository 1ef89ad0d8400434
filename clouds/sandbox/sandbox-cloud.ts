import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { assertTicketCovers, type Action, type CatalogEntry, type ExecutionTicket, type Resource, type UtilizationSummary } from '../../core/index.js';
import type { CloudProvider, MutationPlan, MutationResult, TimeWindow } from '../provider.js';
import { summarizeHourly } from '../utilization-summary.js';
import { clamp, cpuSeries } from './cpu-series.js';
import { transitionFor } from './transitions.js';
import type { Estate, SandboxVm } from './estate.js';

interface Change {
  at: string;
  fromSku: string;
  toSku: string;
  idempotencyKey: string;
}

/** The mutable part of a sandbox estate; kept in a JSON file when workers share it. */
interface SandboxState {
  skus: Record<string, string>;
  /** Power or lifecycle state after stop/start/delete/release; absent means as in the fixture. */
  states?: Record<string, Resource['state']>;
  /** Snapshots taken before a volume was deleted. */
  snapshots?: Record<string, string>;
  changes: Record<string, Change[]>;
  applied: Record<string, MutationResult>;
  /** Test fault: the next N applies change the estate and then throw, as a crash would. */
  crashAfterApply: number;
}

export interface SandboxOptions {
  /** Share state between processes (the demo's two workers) through this file. */
  statePath?: string;
  clock?: () => string;
}

/**
 * An in-memory cloud behind the same CloudProvider interface as AWS, Azure and GCP:
 * inventory, utilization, catalog, and resize with dry-run and idempotency keys.
 */
export class SandboxCloud implements CloudProvider {
  readonly provider = 'sandbox' as const;
  private readonly vms: Map<string, SandboxVm>;
  private memoryState: SandboxState;
  private readonly clock: () => string;

  constructor(
    private readonly estate: Estate,
    private readonly options: SandboxOptions = {},
  ) {
    this.vms = new Map(estate.resources.map((r) => [r.id, r]));
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.memoryState = this.initialState();
    if (options.statePath && !existsSync(options.statePath)) this.save(this.memoryState);
  }

  async listResources(): Promise<Resource[]> {
    return Promise.all([...this.vms.keys()].map((id) => this.getResource(id)));
  }

  async getResource(id: string): Promise<Resource> {
    const vm = this.vm(id);
    const state = this.load();
    const changes = state.changes[id] ?? [];
    const { utilization: _u, ...resource } = vm;
    return { ...resource, sku: state.skus[id] ?? vm.sku, state: state.states?.[id] ?? vm.state, lastChangedAt: changes.at(-1)?.at ?? vm.lastChangedAt };
  }

  async utilization(id: string, window: TimeWindow): Promise<UtilizationSummary> {
    const vm = this.vm(id);
    const state = this.load();
    const windowHours = Math.max(0, (Date.parse(window.to) - Date.parse(window.from)) / 3_600_000);
    const hours = Math.min(vm.utilization.hoursOfData, windowHours);
    const count = Math.max(1, Math.floor(hours));
    const series = cpuSeries(vm.utilization.cpu, count);
    const catalog = await this.catalog();
    const vcpuOf = (sku: string) => catalog.find((c) => c.sku === sku)?.vcpu;
    const changes = state.changes[id] ?? [];
    const stopped = (state.states?.[id] ?? vm.state) !== 'running';
    const cpu = series.map((pct, i) => {
      const at = Date.parse(window.to) - (count - 1 - i) * 3_600_000;
      return stopped ? 0 : clamp(pct * this.loadFactorAt(vm, changes, at, vcpuOf));
    });
    const memory = vm.utilization.memoryP99Pct;
    const network = vm.utilization.networkP95Pct;
    const samples = { cpu, ...(memory === undefined ? {} : { memory: [memory] }), ...(network === undefined ? {} : { networkP95Pct: stopped ? 0 : network }) };
    return summarizeHourly(id, window, samples, Math.round(hours * 100) / 100);
  }

  async catalog(): Promise<CatalogEntry[]> {
    return this.estate.catalog.entries.map((e) => ({ ...e, catalogDate: this.estate.catalog.date }));
  }

  async plan(action: Action, ticket: ExecutionTicket): Promise<MutationPlan> {
    assertTicketCovers(ticket, action, this.clock(), 'plan');
    if (action.type !== 'resize') {
      const transition = transitionFor(action, await this.getResource(action.resourceId));
      return { action, steps: transition.steps, validatedBy: `sandbox: ${action.resourceId} is ${transition.prior}` };
    }
    const { current, target } = await this.validateResize(action);
    return {
      action,
      steps: [`stop ${action.resourceId}`, `change size ${current} → ${target}`, `start ${action.resourceId}`],
      validatedBy: 'sandbox: resource exists, current size matches, target size in catalog',
    };
  }

  async apply(action: Action, ticket: ExecutionTicket): Promise<MutationResult> {
    assertTicketCovers(ticket, action, this.clock());
    const state = this.load();
    const previous = state.applied[ticket.idempotencyKey];
    if (previous) return { ...previous, appliedNow: false };
    if (action.type !== 'resize') return this.applyTransition(action, ticket, state);
    const { current, target } = await this.validateResize(action);
    const at = this.clock();
    state.skus[action.resourceId] = target;
    state.changes[action.resourceId] = [
      ...(state.changes[action.resourceId] ?? []),
      { at, fromSku: current, toSku: target, idempotencyKey: ticket.idempotencyKey },
    ];
    const result: MutationResult = { action, idempotencyKey: ticket.idempotencyKey, appliedNow: true, priorSku: current, currentSku: target, at };
    state.applied[ticket.idempotencyKey] = result;
    const crash = state.crashAfterApply > 0;
    if (crash) state.crashAfterApply -= 1;
    this.save(state);
    if (crash) throw new Error('sandbox: simulated crash after the change was applied');
    return result;
  }

  private async applyTransition(action: Action, ticket: ExecutionTicket, state: SandboxState): Promise<MutationResult> {
    const transition = transitionFor(action, await this.getResource(action.resourceId));
    const at = this.clock();
    state.states = { ...state.states, [action.resourceId]: transition.next };
    if (action.type === 'delete-volume') state.snapshots = { ...state.snapshots, [action.resourceId]: `snap-${ticket.idempotencyKey.slice(-12)}` };
    state.changes[action.resourceId] = [
      ...(state.changes[action.resourceId] ?? []),
      { at, fromSku: transition.prior, toSku: transition.next, idempotencyKey: ticket.idempotencyKey },
    ];
    const result: MutationResult = {
      action,
      idempotencyKey: ticket.idempotencyKey,
      appliedNow: true,
      priorSku: transition.prior,
      currentSku: transition.next,
      at,
    };
    state.applied[ticket.idempotencyKey] = result;
    this.save(state);
    return result;
  }

  /** The snapshot kept of a deleted volume, so deletion can be undone by hand. */
  snapshotOf(volumeId: string): string | undefined {
    return this.load().snapshots?.[volumeId];
  }

  async appliedResult(idempotencyKey: string): Promise<MutationResult | undefined> {
    const result = this.load().applied[idempotencyKey];
    return result ? { ...result, appliedNow: false } : undefined;
  }

  /** Every change ever applied, oldest first: what tests count to prove "exactly once". */
  changesOf(id: string): readonly Change[] {
    return this.load().changes[id] ?? [];
  }

  /** Someone changed the size outside Tollgate (console, Terraform): what drift detection must catch. */
  changeOutOfBand(id: string, sku: string): void {
    const state = this.load();
    const from = state.skus[id] ?? this.vm(id).sku;
    state.skus[id] = sku;
    state.changes[id] = [...(state.changes[id] ?? []), { at: this.clock(), fromSku: from, toSku: sku, idempotencyKey: 'out-of-band' }];
    this.save(state);
  }

  /** Someone stopped or started the VM outside Tollgate (console, script): a schedule must not undo it. */
  powerOutOfBand(id: string, next: 'running' | 'stopped'): void {
    const state = this.load();
    const prior = state.states?.[id] ?? this.vm(id).state;
    state.states = { ...state.states, [id]: next };
    state.changes[id] = [...(state.changes[id] ?? []), { at: this.clock(), fromSku: prior, toSku: next, idempotencyKey: 'out-of-band' }];
    this.save(state);
  }

  injectCrashAfterApply(times: number): void {
    const state = this.load();
    state.crashAfterApply = times;
    this.save(state);
  }

  private async validateResize(action: Action): Promise<{ current: string; target: string }> {
    if (action.type !== 'resize') throw new Error(`sandbox: ${action.type} is not supported`);
    const resource = await this.getResource(action.resourceId);
    if (resource.sku !== action.fromSku) {
      throw new Error(`sandbox: ${action.resourceId} is ${resource.sku}, not ${action.fromSku}; the estate drifted since the proposal`);
    }
    const catalog = await this.catalog();
    if (!catalog.some((c) => c.sku === action.toSku && c.region === resource.region)) {
      throw new Error(`sandbox: ${action.toSku} does not exist in ${resource.region}`);
    }
    return { current: resource.sku, target: action.toSku };
  }

  /** CPU % scales with the inverse of vCPU after each change, times the profile's regression factor. */
  private loadFactorAt(vm: SandboxVm, changes: readonly Change[], at: number, vcpuOf: (sku: string) => number | undefined): number {
    let factor = 1;
    for (const change of changes) {
      if (Date.parse(change.at) > at) break;
      const from = vcpuOf(change.fromSku);
      const to = vcpuOf(change.toSku);
      if (!from || !to) continue; // power and lifecycle changes do not rescale CPU
      factor *= from / to;
      factor *= change.toSku === vm.sku ? 1 / vm.utilization.cpu.afterChangeFactor : vm.utilization.cpu.afterChangeFactor;
    }
    return factor;
  }

  private vm(id: string): SandboxVm {
    const vm = this.vms.get(id);
    if (!vm) throw new Error(`sandbox: no resource ${id}`);
    return vm;
  }

  private initialState(): SandboxState {
    return { skus: {}, changes: {}, applied: {}, crashAfterApply: 0 };
  }

  private load(): SandboxState {
    const path = this.options.statePath;
    if (!path) return this.memoryState;
    if (!existsSync(path)) return this.initialState();
    return JSON.parse(readFileSync(path, 'utf8')) as SandboxState;
  }

  private save(state: SandboxState): void {
    this.memoryState = state;
    const path = this.options.statePath;
    if (!path) return;
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2));
    renameSync(tmp, path);
  }
}
