import { FOCUS_COLUMN_NAMES } from '../core/index.js';
import { ident, literal, queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE } from './schema.js';

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

/** The tag keys rows carry after normalization, sorted. */
export async function knownTagKeys(db: Warehouse): Promise<string[]> {
  const rows = await queryRows(
    db,
    `SELECT DISTINCT k FROM (SELECT unnest(json_keys(x_tags)) AS k FROM ${FOCUS_TABLE} WHERE json_type(x_tags) = 'OBJECT') ORDER BY k`,
  );
  return rows.map((r) => String(r.k));
}

/**
 * The grouping keys as SQL, each one a FOCUS column or a tag key some row carries. A key that is
 * neither would put every row under "(none)", which reads like an answer: it is an error that lists
 * what can be grouped by instead.
 */
export async function knownGroupExpressions(db: Warehouse, keys: readonly string[]): Promise<{ label: string; sql: string }[]> {
  const groups = keys.map(groupExpression);
  const tags = groups.filter((g) => !FOCUS_COLUMN_NAMES.includes(g.label));
  if (tags.length === 0) return groups;
  const carried = await knownTagKeys(db);
  const unknown = tags.find((g) => !carried.includes(g.label));
  if (!unknown) return groups;
  const key = keys[groups.indexOf(unknown)]!;
  throw new Error(
    `cannot group by ${JSON.stringify(key)}: it is neither a FOCUS column nor a tag key any row carries. ` +
      `Tag keys: ${carried.length ? carried.join(', ') : '(no row carries tags)'}. FOCUS columns: ${FOCUS_COLUMN_NAMES.join(', ')}`,
  );
}
