import { normalizedKeysOf, normalizeTagKey, type TagRules } from '../core/index.js';
import { literal, queryRows, type Warehouse } from './connection.js';
import { FOCUS_TABLE } from './schema.js';

/** A line's contribution to gross cost: its EffectiveCost when positive, else nothing. */
const GROSS = 'greatest(EffectiveCost, 0)';

/** Credits below this share of gross cost are not worth a line of their own. */
export const MATERIAL_CREDIT_SHARE = 0.01;

/** What the audit reads from the policy's `tags` section. */
export interface TagAuditRules {
  /** normalized keys every resource must carry */
  required: readonly string[];
  aliases: TagRules['aliases'];
  /** watched for conflicting variants besides the required keys (with owner and team) */
  envKey?: string;
  excludeKey?: string;
  /** granted exceptions to required keys (policy `tags.exceptions`) */
  exceptions?: readonly TagAuditException[];
}

/** One granted exception (guardrails/tag-exception-schema.ts): honoured until `expires` (a date, exclusive, UTC). */
export interface TagAuditException {
  key: string;
  scope: { subAccount?: string; resource?: string; service?: string };
  reason: string;
  expires: string;
}

export interface TagExceptionStatus extends TagAuditException {
  status: 'active' | 'expired';
  /** gross cost and resources in the scope */
  cost: number;
  resources: number;
}

export interface TagAudit {
  /** every amount below is in this one currency (null: rows without one) */
  currency: string | null;
  required: string[];
  /** sum of positive EffectiveCost lines: what was charged before credits, the base of every cost share */
  grossCost: number;
  /** sum of all EffectiveCost lines (gross plus credits) */
  netCost: number;
  /** negative EffectiveCost lines (credits, refunds, negative corrections): their sum (≤ 0) and size against gross */
  credits: { cost: number; shareOfGross: number; material: boolean };
  totalResources: number;
  /** per required key: share of gross cost and of resources carrying it; each within [0, 1] */
  keys: { key: string; costShare: number; resourceShare: number }[];
  /** share carrying every required key */
  compliant: { costShare: number; resourceShare: number };
  topUntagged: { resourceId: string; service: string | null; subAccount: string | null; missing: string[]; effectiveCost: number }[];
  offendersByAccount: { subAccount: string | null; untaggedCost: number; untaggedResources: number }[];
  /** resources whose tag variants disagree on one line (Env=dev next to env=prod), by net cost */
  conflicts: { resourceId: string; key: string; variants: string[]; effectiveCost: number }[];
  /** every exception in the policy, active ones honoured (the scope counts as carrying the key), expired ones reported and not honoured */
  exceptions: TagExceptionStatus[];
}

function scopeSql(scope: TagAuditException['scope']): string {
  if (scope.subAccount !== undefined) return `SubAccountId = ${literal(scope.subAccount)}`;
  if (scope.resource !== undefined) return `ResourceId = ${literal(scope.resource)}`;
  if (scope.service !== undefined) return `ServiceName = ${literal(scope.service)}`;
  return 'FALSE';
}

/** Active while the clock is before the expiry date's midnight UTC. */
export function exceptionActive(exception: TagAuditException, now: string): boolean {
  return Date.parse(now) < Date.parse(`${exception.expires}T00:00:00Z`);
}

/** Trims what JavaScript's trim() does for tag values (space, tab, line breaks, no-break space, BOM), so SQL and core/tags.ts agree on "empty". */
const trimmed = (sql: string) => `trim(${sql}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160) || chr(65279))`;

/** The source tags of a line, as entries: the raw tags as the source spelled them, else the normalized ones (rows loaded without raw tags). */
const TAG_ENTRIES = `CASE WHEN json_type(coalesce(x_tags_raw, x_tags)) = 'OBJECT'
  THEN map_entries(json_transform(coalesce(x_tags_raw, x_tags), '"MAP(VARCHAR, VARCHAR)"')) ELSE [] END`;

/**
 * Tag compliance against the policy's required keys. Keys are read as every other reader reads
 * them (core/tags.ts): trimmed, case-folded and through the policy's aliases, and a line carries a
 * key when any variant of it has a non-empty value, whatever order the source listed them in.
 * Cost shares are of gross cost (positive EffectiveCost lines): credits carry no resource tags and
 * would push a share of net cost past 100 %, so they are counted apart (docs/data-dictionary.md, Tag audit).
 */
export async function tagAudit(db: Warehouse, rules: TagAuditRules, top = 10, now?: string, currency?: string | null): Promise<TagAudit> {
  const currencies = await billingCurrencies(db);
  if (currency === undefined && currencies.length > 1) {
    throw new Error(`the warehouse holds ${currencies.join(', ')}: a tag audit adds costs, so it runs per currency (tagAuditByCurrency)`);
  }
  const only = currency === undefined ? (currencies[0] ?? null) : currency;
  const inCurrency = `BillingCurrency IS NOT DISTINCT FROM ${only === null ? 'NULL' : literal(only)}`;
  const required = [...rules.required];
  const exceptions = rules.exceptions ?? [];
  // Expiry is judged against the caller's clock, never the machine's: no clock, no exceptions honoured.
  if (exceptions.length > 0 && (now === undefined || Number.isNaN(Date.parse(now))))
    throw new Error('tag audit: the policy has tag exceptions, and judging their expiry needs the current time (pass now)');
  const active = exceptions.filter((e) => exceptionActive(e, now!));
  const excepted = (key: string) => {
    const scopes = active.filter((e) => normalizeTagKey(e.key) === normalizeTagKey(key)).map((e) => scopeSql(e.scope));
    return scopes.length ? ` OR ${scopes.join(' OR ')}` : '';
  };
  // The warehouse's spellings of each key, grouped by the one normalizer every reader uses.
  const spellings = await sourceKeys(db);
  const variantsOf = (key: string) => {
    const wanted = normalizeTagKey(key);
    const keys = spellings.filter((k) => normalizedKeysOf(k, rules.aliases).includes(wanted));
    return keys.length === 0 ? "''" : keys.map(literal).join(', ');
  };
  // NOT NULL + no match gives false, not NULL: an untagged line is missing the key.
  const has = (key: string) =>
    `coalesce(len(list_filter(tag_entries, e -> e.key IN (${variantsOf(key)}) AND ${trimmed("coalesce(e.value, '')")} <> '')) > 0, false)`;
  const flags = required.map((k, i) => `(${has(k)}${excepted(k)}) AS has_${i}`);
  const missingList = `list_filter([${required.map((k, i) => `CASE WHEN NOT has_${i} THEN ${literal(k)} END`).join(', ')}], x -> x IS NOT NULL)`;
  const tagged = `SELECT *, ${TAG_ENTRIES} AS tag_entries FROM ${FOCUS_TABLE} WHERE ${inCurrency}`;
  const flagged = `SELECT *${flags.length ? `, ${flags.join(', ')}` : ''} FROM t`;
  const base = `WITH t AS (${tagged}), f AS (${flagged}), b AS (SELECT *, ${required.length ? missingList : '[]::VARCHAR[]'} AS missing FROM f)`;
  const [totals] = await queryRows(
    db,
    `${base} SELECT sum(${GROSS})::DOUBLE AS gross, sum(EffectiveCost)::DOUBLE AS net, sum(EffectiveCost) FILTER (EffectiveCost < 0)::DOUBLE AS credits,
       count(DISTINCT ResourceId) AS resources,
       sum(${GROSS}) FILTER (len(missing) = 0)::DOUBLE AS compliant_cost, count(DISTINCT ResourceId) FILTER (len(missing) = 0) AS compliant_resources
       ${required.map((_, i) => `, sum(${GROSS}) FILTER (has_${i})::DOUBLE AS cost_${i}, count(DISTINCT ResourceId) FILTER (has_${i}) AS resources_${i}`).join('')}
     FROM b`,
  );
  const grossCost = Number(totals?.gross ?? 0);
  const credits = Number(totals?.credits ?? 0);
  const totalResources = Number(totals?.resources ?? 0);
  const share = (part: unknown, whole: number) => (whole === 0 ? 0 : Number(part ?? 0) / whole);
  const keys = required.map((key, i) => ({
    key,
    costShare: share(totals?.[`cost_${i}`], grossCost),
    resourceShare: share(totals?.[`resources_${i}`], totalResources),
  }));
  const untagged = await queryRows(
    db,
    `${base} SELECT ResourceId, any_value(ServiceName) AS service, any_value(SubAccountId) AS sub, list_distinct(flatten(list(missing))) AS missing,
       sum(EffectiveCost)::DOUBLE AS cost FROM b WHERE len(missing) > 0 AND ResourceId IS NOT NULL GROUP BY ResourceId ORDER BY cost DESC LIMIT ${top}`,
  );
  const offenders = await queryRows(
    db,
    `${base} SELECT SubAccountId AS sub, sum(EffectiveCost)::DOUBLE AS cost, count(DISTINCT ResourceId) AS resources
     FROM b WHERE len(missing) > 0 GROUP BY ALL ORDER BY cost DESC LIMIT ${top}`,
  );
  const watched = [...new Set([...required, rules.envKey, rules.excludeKey, 'owner', 'team'].filter((k): k is string => !!k).map(normalizeTagKey))];
  const conflicts = await conflictingResources(
    db,
    tagged,
    watched.map((key) => ({ key, variants: variantsOf(key) })),
    top,
  );
  return {
    currency: only,
    required,
    grossCost,
    netCost: Number(totals?.net ?? 0),
    credits: { cost: credits, shareOfGross: share(-credits, grossCost), material: share(-credits, grossCost) >= MATERIAL_CREDIT_SHARE },
    totalResources,
    keys,
    compliant: { costShare: share(totals?.compliant_cost, grossCost), resourceShare: share(totals?.compliant_resources, totalResources) },
    topUntagged: untagged.map((r) => ({
      resourceId: String(r.ResourceId),
      service: (r.service as string | null) ?? null,
      subAccount: (r.sub as string | null) ?? null,
      missing: ((r.missing as string[] | null) ?? []).slice().sort(),
      effectiveCost: Number(r.cost ?? 0),
    })),
    offendersByAccount: offenders.map((r) => ({
      subAccount: (r.sub as string | null) ?? null,
      untaggedCost: Number(r.cost ?? 0),
      untaggedResources: Number(r.resources ?? 0),
    })),
    conflicts,
    exceptions: await exceptionStatuses(db, exceptions, now, inCurrency),
  };
}

async function exceptionStatuses(
  db: Warehouse,
  exceptions: readonly TagAuditException[],
  now: string | undefined,
  inCurrency: string,
): Promise<TagExceptionStatus[]> {
  const statuses: TagExceptionStatus[] = [];
  for (const e of exceptions) {
    const [r] = await queryRows(
      db,
      `SELECT sum(${GROSS})::DOUBLE AS cost, count(DISTINCT ResourceId) AS resources FROM ${FOCUS_TABLE} WHERE (${scopeSql(e.scope)}) AND ${inCurrency}`,
    );
    statuses.push({ ...e, status: exceptionActive(e, now!) ? 'active' : 'expired', cost: Number(r?.cost ?? 0), resources: Number(r?.resources ?? 0) });
  }
  return statuses;
}

/** One audit per billing currency, largest gross cost first: amounts in two currencies are never added. */
export async function tagAuditByCurrency(db: Warehouse, rules: TagAuditRules, top = 10, now?: string): Promise<TagAudit[]> {
  const audits: TagAudit[] = [];
  for (const currency of await billingCurrencies(db)) audits.push(await tagAudit(db, rules, top, now, currency));
  return audits.sort((a, b) => b.grossCost - a.grossCost);
}

async function billingCurrencies(db: Warehouse): Promise<(string | null)[]> {
  const rows = await queryRows(db, `SELECT DISTINCT BillingCurrency AS c FROM ${FOCUS_TABLE} ORDER BY c NULLS LAST`);
  return rows.map((r) => (r.c === null || r.c === undefined ? null : String(r.c)));
}

/** Every tag key spelling in the warehouse (raw where loaded, else normalized). */
async function sourceKeys(db: Warehouse): Promise<string[]> {
  const rows = await queryRows(db, `SELECT DISTINCT e.key AS k FROM (SELECT unnest(${TAG_ENTRIES}) AS e FROM ${FOCUS_TABLE}) WHERE e.key IS NOT NULL`);
  return rows.map((r) => String(r.k));
}

/** Resources with a line whose variants of a watched key carry different values (trimmed, case-insensitive). */
async function conflictingResources(db: Warehouse, tagged: string, watched: { key: string; variants: string }[], top: number): Promise<TagAudit['conflicts']> {
  if (watched.length === 0) return [];
  const perKey = watched.map(
    ({ key, variants }) =>
      `SELECT ResourceId, EffectiveCost, ${literal(key)} AS key, list_filter(tag_entries, e -> e.key IN (${variants})) AS v FROM t WHERE ResourceId IS NOT NULL`,
  );
  const rows = await queryRows(
    db,
    `WITH t AS (${tagged}), k AS (${perKey.join(' UNION ALL ')}),
       c AS (SELECT * FROM k WHERE len(list_distinct(list_transform(v, e -> lower(${trimmed("coalesce(e.value, '')")})))) > 1)
     SELECT ResourceId, key, list_sort(list_distinct(flatten(list(list_transform(v, e -> e.key || '=' || ${trimmed("coalesce(e.value, '')")}))))) AS variants,
       sum(EffectiveCost)::DOUBLE AS cost
     FROM c GROUP BY ResourceId, key ORDER BY cost DESC, ResourceId, key LIMIT ${top}`,
  );
  return rows.map((r) => ({
    resourceId: String(r.ResourceId),
    key: String(r.key),
    variants: (r.variants as string[] | null) ?? [],
    effectiveCost: Number(r.cost ?? 0),
  }));
}
