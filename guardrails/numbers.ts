/** One decimal place: enough for percentages and days in a human reason. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
