import { seededRandom } from '../../core/index.js';
import type { FocusCostRow } from '../../detect/anomaly/index.js';
import { dateOfDay, dayNumber, weekdayOfDay } from '../../detect/anomaly/index.js';

/** A component of the estate: one line of spend with its FOCUS keys and a base daily cost. */
interface Component {
  provider: string;
  billingAccount: string;
  subAccount: string;
  service: string;
  region: string;
  team: string;
  env: string;
  resource: string;
  baseUsd: number;
  weekendFactor: number;
}

export interface TruthEvent {
  name: 'spike-25pct' | 'gradual-drift' | 'deploy-step' | 'new-service';
  startDay: number;
  /** Last day a detection still counts as finding this event. */
  lastDay: number;
  /** Which rows the event changed; a detection on a slice containing any of them matches. */
  affects: (c: Component) => boolean;
}

export interface Scenario {
  rows: FocusCostRow[];
  truth: { name: TruthEvent['name']; startDate: string; lastDate: string; affects: Set<string> }[];
}

const START = dayNumber('2025-01-01');

/**
 * Daily FOCUS-shaped cost with known truth: a one-day 25% spike on a service, a gradual
 * drift, a deploy step change and a new service; plus weekend dips (dev stops at weekends)
 * and month-start support fees, which are normal and must not alert.
 */
export function generateScenario(seed: number, options: { days?: number; withEvents?: boolean } = {}): Scenario {
  const days = options.days ?? 120;
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const components = estate(random);
  const events: TruthEvent[] = options.withEvents === false ? [] : plannedEvents(random);
  const rows: FocusCostRow[] = [];
  for (let d = 0; d < days; d++) {
    const day = START + d;
    const date = `${dateOfDay(day)} 00:00:00`;
    const weekend = weekdayOfDay(day) === 0 || weekdayOfDay(day) === 6;
    for (const c of components) {
      let cost = c.baseUsd * (weekend ? c.weekendFactor : 1) * (1 + 0.04 * gaussian());
      cost *= effectOn(c, d, events);
      if (c.service === 'Amazon Bedrock' && d < (events.find((e) => e.name === 'new-service')?.startDay ?? Infinity)) continue;
      if (c.service === 'Amazon Bedrock' && events.length === 0) continue;
      rows.push(focusRow(c, date, Math.max(0, cost)));
    }
    if (dateOfDay(day).endsWith('-01')) {
      rows.push(focusRow(supportComponent, date, 2500));
    }
  }
  return {
    rows,
    truth: events.map((e) => ({
      name: e.name,
      startDate: dateOfDay(START + e.startDay),
      lastDate: dateOfDay(START + e.lastDay),
      affects: affectedSlices(components.filter(e.affects)),
    })),
  };
}

const supportComponent = {
  provider: 'AWS',
  billingAccount: 'payer-1',
  subAccount: 'payer-1',
  service: 'AWS Support (Business)',
  region: '',
  team: 'finops',
  env: 'prod',
  resource: '',
};

function estate(random: () => number): Component[] {
  const out: Component[] = [];
  const subAccounts = [
    { provider: 'AWS', billingAccount: 'payer-1', subAccount: 'acct-web', team: 'web', env: 'prod' },
    { provider: 'AWS', billingAccount: 'payer-1', subAccount: 'acct-data', team: 'data', env: 'prod' },
    { provider: 'AWS', billingAccount: 'payer-1', subAccount: 'acct-dev', team: 'web', env: 'dev' },
    { provider: 'Microsoft', billingAccount: 'ea-7', subAccount: 'sub-analytics', team: 'data', env: 'prod' },
  ];
  const services: Record<string, string[]> = {
    AWS: ['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service', 'Amazon Relational Database Service', 'AWS Lambda', 'Amazon Bedrock'],
    Microsoft: ['Virtual Machines', 'Storage', 'Azure Databricks'],
  };
  const regions: Record<string, string[]> = { AWS: ['us-east-1', 'eu-west-1'], Microsoft: ['westeurope'] };
  for (const account of subAccounts) {
    for (const service of services[account.provider]!) {
      for (const region of regions[account.provider]!) {
        const base = service === 'Amazon Bedrock' ? 200 : 150 + random() * 900;
        out.push({
          ...account,
          service,
          region,
          resource: `${account.subAccount}/${service.split(' ').pop()!.toLowerCase()}-${region}`,
          baseUsd: account.env === 'dev' ? base / 3 : base,
          // dev is switched off at weekends; prod traffic dips a little
          weekendFactor: account.env === 'dev' ? 0.4 : 0.85,
        });
      }
    }
  }
  return out;
}

function plannedEvents(random: () => number): TruthEvent[] {
  const jitter = () => Math.floor(random() * 6);
  const planned: Omit<TruthEvent, 'lastDay'>[] = [
    { name: 'spike-25pct', startDay: 40 + jitter(), affects: (c) => c.service === 'Amazon Simple Storage Service' },
    { name: 'gradual-drift', startDay: 55 + jitter(), affects: (c) => c.service === 'Azure Databricks' },
    { name: 'deploy-step', startDay: 75 + jitter(), affects: (c) => c.subAccount === 'acct-web' && c.service === 'Amazon Elastic Compute Cloud' },
    { name: 'new-service', startDay: 95 + jitter(), affects: (c) => c.service === 'Amazon Bedrock' },
  ];
  return planned.map((e) => ({ ...e, lastDay: e.startDay + (e.name === 'gradual-drift' ? 47 : e.name === 'spike-25pct' ? 0 : 6) }));
}

/** Multiplier the events apply to a component on day d. */
function effectOn(c: Component, d: number, events: readonly TruthEvent[]): number {
  let factor = 1;
  for (const e of events) {
    if (!e.affects(c)) continue;
    if (e.name === 'spike-25pct' && d === e.startDay) factor *= 1.25;
    if (e.name === 'gradual-drift' && d >= e.startDay) factor *= 1 + 0.015 * Math.min(d - e.startDay, 40);
    if (e.name === 'deploy-step' && d >= e.startDay) factor *= 1.4;
  }
  return factor;
}

function affectedSlices(components: readonly Component[]): Set<string> {
  const slices = new Set<string>(['total|all']);
  for (const c of components) {
    for (const [dim, key] of Object.entries({
      provider: c.provider,
      billingAccount: c.billingAccount,
      subAccount: c.subAccount,
      service: c.service,
      region: c.region,
      team: c.team,
      env: c.env,
    }))
      slices.add(`${dim}|${key}`);
  }
  return slices;
}

function focusRow(c: Omit<Component, 'baseUsd' | 'weekendFactor'>, date: string, cost: number): FocusCostRow {
  return {
    ChargePeriodStart: date,
    EffectiveCost: Math.round(cost * 100) / 100,
    ProviderName: c.provider,
    BillingAccountId: c.billingAccount,
    SubAccountId: c.subAccount,
    ServiceName: c.service,
    RegionId: c.region,
    ResourceId: c.resource,
    // x_tags: keys already normalized by the warehouse
    Tags: { team: c.team, env: c.env },
  };
}
