/**
 * Secrets never reach the audit log. Values under secret-looking keys, and values that
 * look like credentials wherever they are, are replaced before hashing.
 */
const SECRET_KEY = /(secret|password|passwd|api[-_]?key|access[-_]?key|authorization|bearer|credential|private[-_]?key|signing)/i;
const SECRET_VALUE = [
  /\b(sk|xox[abprs]|ghp|gho|github_pat)[-_][A-Za-z0-9_-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{10,}=*/g,
];
export const REDACTED = '[redacted]';
/** Keys that look secret but name public values: a WebAuthn credential id identifies a passkey, like a key fingerprint. */
const PUBLIC_KEYS = new Set(['credentialId']);

export function redact<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && !PUBLIC_KEYS.has(key) && value !== null && typeof value !== 'object') return REDACTED;
  if (typeof value === 'string') return SECRET_VALUE.reduce((text, pattern) => text.replace(pattern, REDACTED), value);
  if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
  }
  return value;
}
