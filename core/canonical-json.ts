// Pure (no Node built-ins): workflow code signs and verifies over this form too.

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped.
 * Hashes of actions, proposals and audit records are taken over this form so that
 * two processes that build the same value always agree on its hash.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`canonicalJson: non-finite number ${value} cannot be hashed`);
    }
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normalize(item)));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = normalize(member);
  }
  return out;
}
