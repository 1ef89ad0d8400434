/** Budget periods in UTC: a day starts at midnight, a week on Monday at midnight. */
export type BudgetPeriod = 'daily' | 'weekly' | 'run';

export function dayStart(iso: string): string {
  return `${iso.slice(0, 10)}T00:00:00.000Z`;
}

export function weekStart(iso: string): string {
  const day = new Date(dayStart(iso));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString();
}

export function periodStart(period: 'daily' | 'weekly', iso: string): string {
  return period === 'daily' ? dayStart(iso) : weekStart(iso);
}
