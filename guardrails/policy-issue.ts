import type { z } from 'zod';

/** One validation problem as a line a policy author can act on: field, found value, what to do. */
export function describePolicyIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${field}.` : '';
    return `${issue.keys.map((k) => where + k).join(', ')}: unknown field; remove it or fix its spelling`;
  }
  return `${field}: ${issue.message}; found ${found(valueAt(raw, issue.path))}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    // A defaulted field is absent from the file: there is nothing to show for it.
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function found(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
