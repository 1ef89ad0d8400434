import { WAREHOUSE_FOCUS_COLUMNS } from '../core/index.js';
import { ident, MONEY_TYPE } from '../warehouse/index.js';
import { STAGE_TABLE } from './stage.js';

export type FocusExpressions = Partial<Record<string, string>>;

const NULL_OF: Record<string, string> = { decimal: `NULL::${MONEY_TYPE}`, datetime: 'NULL::TIMESTAMP', string: 'NULL::VARCHAR', json: 'NULL::JSON' };

/**
 * A SELECT list with every FOCUS column in order: the normalizer's expression where it has one,
 * a typed NULL where the source has nothing to say.
 */
export function focusSelectList(expressions: FocusExpressions, provenance: { row: string; part: string; tagsRaw: string }): string {
  // FOCUS 1.3 names the provider twice: the one selling the service and the one hosting it. For a
  // provider's own export both are the provider; a FOCUS 1.3 file states them itself.
  const withProviders: FocusExpressions = {
    ...expressions,
    ServiceProviderName: expressions.ServiceProviderName ?? expressions.ProviderName,
    HostProviderName: expressions.HostProviderName ?? expressions.ProviderName,
  };
  const columns = WAREHOUSE_FOCUS_COLUMNS.map((c) => `${withProviders[c.name] ?? NULL_OF[c.type]} AS ${ident(c.name)}`);
  return [...columns, `${provenance.row} AS x_source_row`, `${provenance.part} AS x_source_part`, `${provenance.tagsRaw} AS x_tags_raw`].join(',\n  ');
}

export function selectFromStage(expressions: FocusExpressions, tagsRaw: string, where = 'TRUE'): string {
  return `SELECT ${focusSelectList(expressions, { row: 'rowid + 1', part: '0', tagsRaw })} FROM ${STAGE_TABLE} WHERE ${where}`;
}

/** A CASE expression from a value → result table; unmatched values give `otherwise`. */
export function caseOf(expr: string, table: Record<string, string>, otherwise: string): string {
  const whens = Object.entries(table).map(([from, to]) => `WHEN ${sqlString(from)} THEN ${to}`);
  return `CASE ${expr} ${whens.join(' ')} ELSE ${otherwise} END`;
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
