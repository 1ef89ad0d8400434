import { literal } from './connection.js';

/**
 * SQL macros that turn a raw tag object (JSON text) into normalized tags: keys mapped through the
 * policy's aliases (case-insensitively, so `Team`, `team` and `owner-team` all become `team`), values
 * trimmed. When two source keys land on one normalized key, the first in the source wins.
 */
export function tagNormalizationMacros(aliases: Record<string, readonly string[]>): string[] {
  const whens = Object.entries(aliases).map(([normalized, sources]) => {
    const names = [normalized, ...sources].map((s) => literal(s.toLowerCase())).join(', ');
    return `WHEN lower(k) IN (${names}) THEN ${literal(normalized)}`;
  });
  const keyCase = whens.length > 0 ? `CASE ${whens.join(' ')} ELSE k END` : 'k';
  return [
    `CREATE OR REPLACE TEMP MACRO tg_tag_key(k) AS (${keyCase})`,
    `CREATE OR REPLACE TEMP MACRO tg_first_per_key(l) AS (list_filter(l, (e, i) -> list_position(list_transform(l, x -> x.key), e.key) = i))`,
    `CREATE OR REPLACE TEMP MACRO tg_normalize_tags(j) AS (
       CASE WHEN j IS NULL THEN NULL ELSE to_json(map_from_entries(tg_first_per_key(
         list_transform(map_entries(json_transform(j, '"MAP(VARCHAR, VARCHAR)"')), e -> {'key': tg_tag_key(trim(e.key)), 'value': trim(e.value)})
       ))) END)`,
  ];
}
