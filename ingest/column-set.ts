import { ident } from '../warehouse/index.js';

/**
 * The columns a source file has, looked up case-insensitively (Azure writes `CostInBillingCurrency` or
 * `costInBillingCurrency` depending on the export). It records what a normalizer asked for, so only
 * those columns are staged.
 */
export class ColumnSet {
  private readonly byLower = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(readonly names: readonly string[]) {
    for (const name of names) if (!this.byLower.has(name.toLowerCase())) this.byLower.set(name.toLowerCase(), name);
  }

  has(name: string): boolean {
    return this.byLower.has(name.toLowerCase());
  }

  /** The column's name as the file spells it, or undefined. */
  actual(name: string): string | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  /** A SQL reference to the first of `names` the file has, or NULL when it has none of them. */
  ref(...names: string[]): string {
    for (const name of names) {
      const actual = this.actual(name);
      if (actual !== undefined) {
        this.used.add(actual);
        return ident(actual);
      }
    }
    return 'NULL';
  }

  /** Every column whose name starts with `prefix` (tag columns such as `resourceTags/user:Team`). */
  withPrefix(prefix: string): string[] {
    const found = this.names.filter((n) => n.startsWith(prefix));
    for (const n of found) this.used.add(n);
    return found;
  }

  usedColumns(): string[] {
    return this.names.filter((n) => this.used.has(n));
  }
}
