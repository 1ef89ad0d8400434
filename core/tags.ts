/**
 * The one way Tollgate reads a resource's tags. Keys are normalized (trimmed, lower case) and
 * mapped through the policy's aliases; every source key that lands on one normalized key is a
 * variant of it, and every variant's value is kept. Readings that decide safety (exclusion,
 * production) consult every variant and the safe reading wins, so the order of a tag object's
 * keys, their case and their spacing never decide anything. AWS tag keys are case-sensitive:
 * `Env=dev` and `env=prod` can both sit on one instance.
 */

/** The slice of a policy's `tags` section that says how tags are read (guardrails/policy.ts). */
export interface TagRules {
  /** normalized key → source keys that mean it, e.g. env: [Environment, stage] */
  aliases: Readonly<Record<string, readonly string[]>>;
  /** the key that keeps Tollgate's hands off a resource */
  excludeKey: string;
  /** the key that names a resource's environment */
  envKey: string;
  /** environment values that mean production */
  productionValues: readonly string[];
}

/** One source tag as the resource carries it: the key as spelled, the value trimmed. */
export interface TagVariant {
  key: string;
  value: string;
}

/** A normalized key whose variants disagree: every variant, so a person can see and fix it. */
export interface TagConflict {
  key: string;
  variants: TagVariant[];
}

/** Trimmed and lower case: how tag keys are compared. */
export function normalizeTagKey(key: string): string {
  return key.trim().toLowerCase();
}

/** Trimmed and lower case: how tag values are compared (the spelling shown stays the source's). */
export function normalizeTagValue(value: string): string {
  return value.trim().toLowerCase();
}

/** The values that leave the exclusion off. Any other value on the exclusion key, even an empty one, excludes. */
export const NOT_EXCLUDED_VALUES: readonly string[] = ['false', 'no', 'off', '0'];

/** The normalized keys a source key stands for: its own, and every key that lists it as an alias. */
export function normalizedKeysOf(sourceKey: string, aliases: TagRules['aliases']): string[] {
  const own = normalizeTagKey(sourceKey);
  const keys = new Set([own]);
  for (const [normalized, sources] of Object.entries(aliases)) {
    if (sources.some((s) => normalizeTagKey(s) === own)) keys.add(normalizeTagKey(normalized));
  }
  return [...keys].sort();
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A resource's tags with keys normalized and aliases merged. Immutable; independent of the source's key order. */
export class TagReading {
  private readonly byKey = new Map<string, TagVariant[]>();

  constructor(tags: Readonly<Record<string, string>> | undefined, aliases: TagRules['aliases']) {
    const variants = Object.entries(tags ?? {})
      .map(([key, value]) => ({ key, value: String(value ?? '').trim() }))
      .sort((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.value, b.value));
    for (const variant of variants) {
      for (const key of normalizedKeysOf(variant.key, aliases)) {
        const list = this.byKey.get(key) ?? [];
        list.push(variant);
        this.byKey.set(key, list);
      }
    }
  }

  /** Every source tag that stands for this key (its aliases included), in a fixed order. */
  variants(key: string): TagVariant[] {
    return [...(this.byKey.get(normalizeTagKey(key)) ?? [])];
  }

  /**
   * The distinct non-empty values of a key, compared trimmed and case-insensitively; sorted. Of
   * several spellings of one value the first in code-unit order stands for it, so how the keys
   * are spelled never changes what is shown.
   */
  values(key: string): string[] {
    const seen = new Map<string, string>();
    for (const { value } of this.variants(key)) {
      const normalized = normalizeTagValue(value);
      const shown = seen.get(normalized);
      if (normalized !== '' && (shown === undefined || byCodeUnit(value, shown) < 0)) seen.set(normalized, value);
    }
    return [...seen.entries()].sort(([a], [b]) => byCodeUnit(a, b)).map(([, value]) => value);
  }

  /** Whether some variant of the key carries a non-empty value. */
  has(key: string): boolean {
    return this.values(key).length > 0;
  }

  /** The key's value when its variants agree; `conflict` when they name several. */
  agreed(key: string): { kind: 'absent' } | { kind: 'one'; value: string } | { kind: 'conflict'; values: string[] } {
    const values = this.values(key);
    if (values.length === 0) return { kind: 'absent' };
    if (values.length === 1) return { kind: 'one', value: values[0]! };
    return { kind: 'conflict', values };
  }

  /** Whether any variant of the key names one of these values (trimmed, case-insensitive). */
  anyValueIn(key: string, candidates: readonly string[]): boolean {
    const wanted = new Set(candidates.map(normalizeTagValue));
    return this.variants(key).some((v) => wanted.has(normalizeTagValue(v.value)));
  }

  /** Every owner the tags name (the `owner` key and its aliases). */
  get owners(): string[] {
    return this.values('owner');
  }

  /** Every team the tags name (the `team` key and its aliases). */
  get teams(): string[] {
    return this.values('team');
  }

  /** Every normalized key whose variants carry different values, sorted by key. */
  get conflicts(): TagConflict[] {
    return [...this.byKey.keys()]
      .sort(byCodeUnit)
      .filter((key) => new Set(this.variants(key).map((v) => normalizeTagValue(v.value))).size > 1)
      .map((key) => ({ key, variants: this.variants(key) }));
  }
}

/** Tags read under a policy's rules: also what they mean for exclusion and production, the safe reading first. */
export class PolicyTagReading extends TagReading {
  constructor(
    tags: Readonly<Record<string, string>> | undefined,
    private readonly rules: TagRules,
  ) {
    super(tags, rules.aliases);
  }

  /** Excluded when any variant of the exclusion key carries a value other than an explicit no. */
  get isExcluded(): boolean {
    return this.exclusionVariants.length > 0;
  }

  /** The variants of the exclusion key that exclude the resource. */
  get exclusionVariants(): TagVariant[] {
    return this.variants(this.rules.excludeKey).filter((v) => !NOT_EXCLUDED_VALUES.includes(normalizeTagValue(v.value)));
  }

  /** Production when any variant of the environment key names a production value. */
  get isProduction(): boolean {
    return this.anyValueIn(this.rules.envKey, this.rules.productionValues);
  }
}

/** Reads a resource's tags under a policy's rules (`policy.tags`). */
export function readTags(tags: Readonly<Record<string, string>> | undefined, rules: TagRules): PolicyTagReading {
  return new PolicyTagReading(tags, rules);
}

/** Reads tags where no policy is at hand (detection, agents): keys normalized, aliases given merged. */
export function readTagVariants(tags: Readonly<Record<string, string>> | undefined, aliases: TagRules['aliases'] = {}): TagReading {
  return new TagReading(tags, aliases);
}

/** `Env=dev, env=prod`: the variants as a person reads them. */
export function describeVariants(variants: readonly TagVariant[]): string {
  return variants.map((v) => `${v.key === v.key.trim() ? v.key : JSON.stringify(v.key)}=${v.value}`).join(', ');
}
