import { seededRandom, type RootCause } from '../../core/index.js';
import { dateOfDay, dayNumber, weekdayOfDay, type DailyCostCell, type PlannedEvent } from '../../detect/anomaly/index.js';

/**
 * Synthetic daily cost estates with known truth, for measuring incident detection. Everything
 * comes from the seed: the estate, the noise, when each event happens and the day the data starts
 * (so month-starts and weekends fall differently); dates are offsets from that start, never today.
 */
export const SCENARIO_KINDS = [
  'spike-25pct-resource',
  'level-shift',
  'new-service',
  'slow-leak',
  'quiet-weekends-and-fees',
  'quiet-steady-growth',
  'quiet-small-new-service',
  'quiet-planned',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export interface TruthEvent {
  kind: ScenarioKind;
  /** first day of the event */
  start: string;
  /** last day an incident may start and still be this event's detection */
  detectBy: string;
  /** the spend that moved: an incident's root cause must not contradict it */
  scope: RootCause;
}

export interface CostScenario {
  kind: ScenarioKind;
  seed: number;
  cells: DailyCostCell[];
  truth: TruthEvent[];
  /** planned events the policy would carry */
  planned: PlannedEvent[];
}

interface Line {
  keys: Required<Omit<DailyCostCell['keys'], never>>;
  baseUsd: number;
  weekendFactor: number;
}

const DAYS = 110;
/** Data starts on a seed-dependent day in this range, so month-start and weekday positions vary. */
const EARLIEST_START = dayNumber('2025-01-01');

export function costScenario(kind: ScenarioKind, seed: number): CostScenario {
  const random = seededRandom(seed * 7919 + SCENARIO_KINDS.indexOf(kind));
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const firstDay = EARLIEST_START + Math.floor(random() * 365);
  const lines = estate(random);
  const eventDay = 60 + Math.floor(random() * 25);
  const bigLines = lines.filter((l) => l.baseUsd >= 350 && l.keys.env === 'prod');
  const target = bigLines[Math.floor(random() * bigLines.length)]!;
  const truth: TruthEvent[] = [];
  const planned: PlannedEvent[] = [];
  const at = (offset: number) => dateOfDay(firstDay + offset);
  let effect: (line: Line, d: number) => number = () => 1;
  let extra: Line[] = [];
  let extraFrom = Infinity;
  switch (kind) {
    case 'spike-25pct-resource':
      effect = (l, d) => (l === target && d === eventDay ? 1.25 : 1);
      truth.push({ kind, start: at(eventDay), detectBy: at(eventDay + 1), scope: { resource: target.keys.resource } });
      break;
    case 'level-shift': {
      const scope = { subAccount: target.keys.subAccount, service: target.keys.service };
      effect = (l, d) => (l.keys.subAccount === scope.subAccount && l.keys.service === scope.service && d >= eventDay ? 1.4 : 1);
      truth.push({ kind, start: at(eventDay), detectBy: at(eventDay + 6), scope });
      break;
    }
    case 'new-service':
    case 'quiet-small-new-service': {
      const daily = kind === 'new-service' ? 400 : 20;
      extra = ['us-east-1', 'eu-west-1'].map((region) => ({
        keys: { ...target.keys, service: 'Amazon Bedrock', usageType: 'Bedrock-Tokens', region, resource: `bedrock-${region}` },
        baseUsd: daily / 2,
        weekendFactor: 0.9,
      }));
      extraFrom = eventDay;
      if (kind === 'new-service') truth.push({ kind, start: at(eventDay), detectBy: at(eventDay + 3), scope: { service: 'Amazon Bedrock' } });
      break;
    }
    case 'slow-leak':
      effect = (l, d) => (l === target && d >= eventDay ? 1 + 0.015 * Math.min(d - eventDay, 40) : 1);
      truth.push({ kind, start: at(eventDay), detectBy: at(Math.min(DAYS - 1, eventDay + 45)), scope: { resource: target.keys.resource } });
      break;
    case 'quiet-steady-growth':
      effect = (_l, d) => 1.004 ** d; // ~13 % a month, since before the data starts
      break;
    case 'quiet-planned':
      effect = (l, d) => (l === target && d >= eventDay && d < eventDay + 5 ? 1.6 : 1);
      planned.push({ name: 'load-test', from: at(eventDay - 1), to: at(eventDay + 5), match: { resource: target.keys.resource } });
      break;
    case 'quiet-weekends-and-fees':
      break;
  }
  const cells: DailyCostCell[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = firstDay + d;
    const date = dateOfDay(day);
    const weekend = weekdayOfDay(day) === 0 || weekdayOfDay(day) === 6;
    for (const line of d >= extraFrom ? [...lines, ...extra] : lines) {
      const cost = line.baseUsd * (weekend ? line.weekendFactor : 1) * (1 + 0.03 * gaussian()) * effect(line, d);
      cells.push({ date, costUsd: Math.max(0, Math.round(cost * 100) / 100), currency: 'USD', keys: { ...line.keys } });
    }
    // Month-start fees: a support plan and a licence, charged on the 1st only.
    if (date.endsWith('-01')) {
      cells.push({ date, costUsd: 2500, currency: 'USD', keys: { ...FEE_KEYS, service: 'AWS Support (Business)' } });
      cells.push({ date, costUsd: 900, currency: 'USD', keys: { ...FEE_KEYS, service: 'AWS Marketplace', usageType: 'licence' } });
    }
  }
  return { kind, seed, cells, truth, planned };
}

const FEE_KEYS = { provider: 'AWS', billingAccount: 'payer-1', subAccount: 'payer-1', region: '', resource: '', usageType: '', team: 'finops', env: 'prod' };

/** About 40 resources over three accounts, four services and two regions; dev halves at weekends. */
function estate(random: () => number): Line[] {
  const accounts = [
    { subAccount: 'acct-web', team: 'web', env: 'prod' },
    { subAccount: 'acct-data', team: 'data', env: 'prod' },
    { subAccount: 'acct-dev', team: 'web', env: 'dev' },
  ];
  const services = [
    { service: 'Amazon Elastic Compute Cloud', usageType: 'BoxUsage:m5.xlarge', per: 3 },
    { service: 'Amazon Relational Database Service', usageType: 'InstanceUsage:db.r5.large', per: 1 },
    { service: 'Amazon Simple Storage Service', usageType: 'TimedStorage-ByteHrs', per: 1 },
    { service: 'AWS Lambda', usageType: 'Lambda-GB-Second', per: 2 },
  ];
  const lines: Line[] = [];
  for (const account of accounts)
    for (const s of services)
      for (const region of ['us-east-1', 'eu-west-1'])
        for (let i = 0; i < s.per; i++) {
          const base = 80 + random() * 800;
          lines.push({
            keys: {
              provider: 'AWS',
              billingAccount: 'payer-1',
              ...account,
              service: s.service,
              usageType: s.usageType,
              region,
              resource: `${account.subAccount}/${s.service.split(' ').pop()!.toLowerCase()}-${region}-${i}`,
            },
            baseUsd: account.env === 'dev' ? base / 3 : base,
            weekendFactor: account.env === 'dev' ? 0.4 : 0.85,
          });
        }
  return lines;
}
