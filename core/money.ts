/** Hours in an average month, the convention every cloud calculator uses for monthly prices. */
export const HOURS_PER_MONTH = 730;

export function monthlyFromHourly(hourlyUsd: number): number {
  return roundCents(hourlyUsd * HOURS_PER_MONTH);
}

export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
