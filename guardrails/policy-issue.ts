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
  // A zod issue path only passes through objects and arrays, so each step can be indexed.
  for (const key of path) value = (value as Record<PropertyKey, unknown>)[key];
  return value;
}

function found(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
