import { FOCUS_COLUMN_NAMES } from '../core/index.js';
import { ident, literal } from './connection.js';

/**
 * A grouping key as a SQL expression: a FOCUS column by name (any case), or a normalized tag key
 * (`team`, `env`, `tag:cost-center`). Anything else is refused rather than guessed.
 */
export function groupExpression(key: string): { label: string; sql: string } {
  const column = FOCUS_COLUMN_NAMES.find((c) => c.toLowerCase() === key.toLowerCase());
  if (column) return { label: column, sql: ident(column) };
  const tag = key.startsWith('tag:') ? key.slice(4) : key;
  if (!/^[\w.:@/+=-]+$/.test(tag)) throw new Error(`cannot group by ${JSON.stringify(key)}: not a FOCUS column or a tag key`);
  return { label: tag, sql: tagValue(tag) };
}

/** The normalized tag's value, or NULL when the row lacks it. */
export function tagValue(key: string): string {
  return `json_extract_string(x_tags, ${literal(`$."${key}"`)})`;
}
