import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Parsing helpers every normalizer's SQL uses. Sources are staged as text, so each conversion is
 * explicit here and the validator can point at the exact record a conversion would fail on.
 */
const MACROS = [
  `CREATE OR REPLACE TEMP MACRO tg_str(x) AS (NULLIF(trim(x), ''))`,
  // Plain numbers only: a currency sign may name another currency than the row's, and `1,000` (or
  // `1_000`) may be one thousand or one with a decimal comma, so both are refused rather than guessed.
  // Through DOUBLE (whose cast trims spaces and reads exponent forms like 5e-06), then rounded to 12
  // places: exact for any bill line below 10^3 with 12 decimals or 10^13 with 2, and several times
  // faster than VARCHAR → DECIMAL. Every value passes here twice (check, load): no trim, no regex.
  `CREATE OR REPLACE TEMP MACRO tg_num(x) AS (CASE WHEN contains(x, '_') THEN NULL ELSE TRY_CAST(TRY_CAST(x AS DOUBLE) AS DECIMAL(38,12)) END)`,
  `CREATE OR REPLACE TEMP MACRO tg_num0(x) AS (COALESCE(tg_num(x), 0::DECIMAL(38,12)))`,
  // Bad: present, and not a finite DOUBLE that DECIMAL(38,12) holds (checked without building the DECIMAL).
  `CREATE OR REPLACE TEMP MACRO tg_bad_num(x) AS (x IS NOT NULL AND NOT coalesce(isfinite(TRY_CAST(x AS DOUBLE)) AND abs(TRY_CAST(x AS DOUBLE)) < 1e26 AND NOT contains(x, '_'), trim(x) = ''))`,
  // An hour past 23 (the FOCUS spec examples write 2023-02-01T30:00:00Z) is read as hours after that midnight.
  `CREATE OR REPLACE TEMP MACRO tg_hour_overflow(x) AS (CASE WHEN regexp_full_match(trim(x), '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}Z?') THEN
      TRY_CAST(left(trim(x), 10) AS TIMESTAMP) + to_hours(CAST(substr(trim(x), 12, 2) AS INTEGER)) + to_minutes(CAST(substr(trim(x), 15, 2) AS INTEGER)) + to_seconds(CAST(substr(trim(x), 18, 2) AS INTEGER)) END)`,
  // ISO 8601 with or without T/Z/offset; month/day/year only where the layout says so (tg_slash_date).
  // A + or - after the date part is a UTC offset, which only the zone-aware cast applies (the plain one
  // drops it); everything else takes the plain cast, which trims and reads Z. No regex on the common path.
  `CREATE OR REPLACE TEMP MACRO tg_ts(x) AS (CASE
      WHEN contains(x, '/') THEN tg_slash_date(trim(x))
      WHEN contains(substr(x, 11), '+') OR contains(substr(x, 12), '-') THEN CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP)
      ELSE COALESCE(TRY_CAST(x AS TIMESTAMP), tg_hour_overflow(x)) END)`,
  `CREATE OR REPLACE TEMP MACRO tg_bad_ts(x) AS (x IS NOT NULL AND tg_ts(x) IS NULL AND trim(x) <> '')`,
  // GCP's CSV flattening writes Python literals: [{'key': 'a', 'value': None}] → JSON.
  `CREATE OR REPLACE TEMP MACRO tg_pyjson(x) AS (CASE WHEN tg_str(x) IS NULL THEN NULL ELSE
      regexp_replace(regexp_replace(regexp_replace(replace(trim(x), '''', '"'), ':\\s*None\\b', ': null', 'g'), ':\\s*True\\b', ': true', 'g'), ':\\s*False\\b', ': false', 'g') END)`,
  // Tag objects: a JSON object, or Azure's brace-less form "a": "b","c": "d".
  `CREATE OR REPLACE TEMP MACRO tg_tag_json(x) AS (CASE
      WHEN tg_str(x) IS NULL OR trim(x) IN ('{}', '[]') THEN NULL
      WHEN starts_with(trim(x), '{') THEN trim(x)
      ELSE '{' || trim(x) || '}' END)`,
  `CREATE OR REPLACE TEMP MACRO tg_bad_tags(x) AS (tg_tag_json(x) IS NOT NULL AND (NOT json_valid(tg_tag_json(x)) OR json_type(tg_tag_json(x)) <> 'OBJECT'))`,
  // A list of {key, value} (GCP labels) as a tag object; NULL when empty.
  `CREATE OR REPLACE TEMP MACRO tg_kv_list(j) AS (CASE WHEN j IS NULL OR NOT json_valid(j) OR json_array_length(j) = 0 THEN NULL
      ELSE json_transform(j, '[{"key":"VARCHAR","value":"VARCHAR"}]') END)`,
  `CREATE OR REPLACE TEMP MACRO tg_entries_json(l) AS (CASE WHEN l IS NULL OR len(l) = 0 THEN NULL
      ELSE to_json(map_from_entries(list_filter(l, (e, i) -> list_position(list_transform(l, x -> x.key), e.key) = i)))::VARCHAR END)`,
];

/**
 * How a layout writes dates with slashes. `iso` (the default) has none: `01/09/2024` is January 9 to
 * one reader and 1 September to another, so it is refused. `month/day/year` is Azure's documented
 * layout for cost details (9/2/2023, 05/01/25, 10/01/2024 13:00); a user who knows a file's order
 * can name either with `--date-layout`.
 */
export const DATE_LAYOUTS = ['iso', 'month/day/year', 'day/month/year'] as const;
export type DateLayout = (typeof DATE_LAYOUTS)[number];

function slashDateMacro(layout: DateLayout): string {
  if (layout === 'iso') return `CREATE OR REPLACE TEMP MACRO tg_slash_date(x) AS (NULL::TIMESTAMP)`;
  const [a, b] = layout === 'month/day/year' ? ['%m', '%d'] : ['%d', '%m'];
  return `CREATE OR REPLACE TEMP MACRO tg_slash_date(x) AS (CASE
      WHEN regexp_full_match(x, '\\d{1,2}/\\d{1,2}/\\d{4}') THEN try_strptime(x, '${a}/${b}/%Y')
      WHEN regexp_full_match(x, '\\d{1,2}/\\d{1,2}/\\d{2}') THEN try_strptime(x, '${a}/${b}/%y')
      ELSE COALESCE(try_strptime(x, '${a}/${b}/%Y %H:%M:%S'), try_strptime(x, '${a}/${b}/%Y %H:%M')) END)`;
}

export async function installParsingMacros(connection: DuckDBConnection, dateLayout: DateLayout = 'iso'): Promise<void> {
  await connection.run(slashDateMacro(dateLayout));
  for (const macro of MACROS) await connection.run(macro);
}
