import { digestOf, hoursOffPerWeek, monthlyFromHourly, readTagVariants, type CatalogEntry, type Finding, type Resource, type TagRules } from '../core/index.js';

export interface OffHoursScheduleSpec {
  name: string;
  stop: string;
  start: string;
  timezone: string;
}

export interface OffHoursSelection {
  /** The opt-in tag; its value names the schedule. */
  tagKey: string;
  schedules: readonly OffHoursScheduleSpec[];
  /** The policy's tag aliases, so every spelling of the opt-in tag is read. */
  aliases?: TagRules['aliases'];
  /** Production never gets a schedule: the caller's policy decides what production is. */
  isProduction: (resource: Resource) => boolean;
}

/**
 * VMs whose owners opted into an off-hours schedule by tag. The saving is the list price of the
 * hours the schedule keeps them off in a week. Busy or idle does not matter: the owner chose the hours.
 */
export function findOffHours(resources: readonly Resource[], catalog: readonly CatalogEntry[], detectedAt: string, selection: OffHoursSelection): Finding[] {
  const findings: Finding[] = [];
  for (const resource of resources) {
    if (resource.kind !== 'vm' || resource.state === 'deleted') continue;
    // Variants naming two schedules opt into neither: nothing is proposed on a guess.
    const wanted = readTagVariants(resource.tags, selection.aliases).agreed(selection.tagKey);
    const schedule = wanted.kind === 'one' ? selection.schedules.find((s) => s.name === wanted.value.toLowerCase()) : undefined;
    if (!schedule || selection.isProduction(resource)) continue;
    const hoursOff = hoursOffPerWeek(schedule.stop, schedule.start, schedule.timezone, Date.parse(detectedAt));
    const price = catalog.find((c) => c.provider === resource.provider && c.sku === resource.sku && c.region === resource.region);
    const monthly = price ? monthlyFromHourly(price.hourlyUsd * (hoursOff / 168)) : 0;
    const saving = price ? `saves $${monthly}/month at list price` : `saving unknown: ${resource.sku} is not in the ${resource.region} catalog`;
    findings.push({
      id: `off-hours-${digestOf({ r: resource.id, s: schedule, day: detectedAt.slice(0, 10) }).slice(0, 12)}`,
      kind: 'off-hours',
      provider: resource.provider,
      resourceId: resource.id,
      account: resource.account,
      region: resource.region,
      currentSku: resource.sku,
      summary: `${resource.name || resource.id} (${resource.sku}) opted into off-hours schedule "${schedule.name}": off ${hoursOff} h a week (stop "${schedule.stop}", start "${schedule.start}", ${schedule.timezone}); ${saving}`,
      detectedAt,
      candidates: [],
      estimatedMonthlySavingsUsd: monthly,
      offHours: { schedule: schedule.name, stopCron: schedule.stop, startCron: schedule.start, timezone: schedule.timezone, hoursOffPerWeek: hoursOff },
      ...(price ? { catalogDate: price.catalogDate } : {}),
    });
  }
  return findings;
}
