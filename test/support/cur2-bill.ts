import { seededRandom } from '../../core/index.js';
import { CUR2, readCsv } from './billing-exports.js';

/** One resource's daily spend in a synthetic CUR 2.0 bill. */
export interface Cur2Line {
  resource: string;
  service: string;
  team: string;
  dailyUsd: number;
}

/** A change on a line: on `day` (YYYY-MM-DD) onward for `days` days (default 1), cost times `factor`. */
export interface Cur2Event {
  resource: string;
  day: string;
  days?: number;
  factor: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A Data Export's month as AWS writes it: one Usage line per resource and day, each with ±2 %
 * seeded noise and the events applied, built on the real sample's columns (test/fixtures/ingest).
 * Returns one record list per billing period (header first), from `start` for `days` days.
 */
export function cur2Bill(options: {
  start: string;
  days: number;
  lines: readonly Cur2Line[];
  events?: readonly Cur2Event[];
  seed?: number;
}): Map<string, string[][]> {
  const [header, template] = readCsv(CUR2);
  const at = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`the CUR 2.0 sample has no ${name}`);
    return i;
  };
  const random = seededRandom(options.seed ?? 7);
  const periods = new Map<string, string[][]>();
  const first = Date.parse(`${options.start}T00:00:00Z`);
  for (let d = 0; d < options.days; d++) {
    const startMs = first + d * DAY_MS;
    const day = iso(startMs);
    const period = day.slice(0, 7);
    const periodStart = `${period}-01T00:00:00Z`;
    const next = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1)).toISOString().replace('.000', '');
    const records = periods.get(period) ?? [header!];
    periods.set(period, records);
    for (const line of options.lines) {
      const event = options.events?.find(
        (e) => e.resource === line.resource && day >= e.day && Date.parse(`${day}T00:00:00Z`) < Date.parse(`${e.day}T00:00:00Z`) + (e.days ?? 1) * DAY_MS,
      );
      const cost = (Math.round(line.dailyUsd * (1 + 0.04 * (random() - 0.5)) * (event?.factor ?? 1) * 100) / 100).toFixed(2);
      const row = [...template!];
      const set = (name: string, value: string) => (row[at(name)] = value);
      set('identity_line_item_id', `li-${line.resource}-${day}`);
      set('identity_time_interval', `${day}T00:00:00Z/${iso(startMs + DAY_MS)}T00:00:00Z`);
      set('bill_billing_period_start_date', periodStart);
      set('bill_billing_period_end_date', next);
      set('line_item_usage_start_date', `${day}T00:00:00Z`);
      set('line_item_usage_end_date', `${iso(startMs + DAY_MS)}T00:00:00Z`);
      set('line_item_resource_id', line.resource);
      set('line_item_usage_amount', '24');
      set('line_item_unblended_rate', (Number(cost) / 24).toFixed(6));
      set('line_item_unblended_cost', cost);
      set('pricing_public_on_demand_cost', cost);
      set('product', JSON.stringify({ product_name: line.service, region_code: 'us-east-1' }));
      set('resource_tags', JSON.stringify({ user_team: line.team, user_env: 'prod' }));
      records.push(row);
    }
  }
  return periods;
}
