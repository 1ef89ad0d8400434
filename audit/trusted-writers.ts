import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The writer keys `audit verify` trusts: a JSON file kept where the log's writers cannot
 * rewrite it in production (the policy repository, a config map). A checkpoint signed by a
 * key not listed here proves nothing, whatever key the database says signed it.
 */
const TrustedWriterSchema = z.object({
  keyId: z.string(),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url of a raw 32-byte ed25519 public key'),
  /** Where the key came from, for people reading the file. */
  addedBy: z.string().optional(),
});
export type TrustedWriter = z.infer<typeof TrustedWriterSchema>;

const TrustFileSchema = z.object({ writers: z.array(TrustedWriterSchema) });

/** keyId → base64url public key. */
export type TrustedWriters = ReadonlyMap<string, string>;

export function trustedWriters(writers: readonly Pick<TrustedWriter, 'publicKey'>[]): TrustedWriters {
  return new Map(writers.map((w) => [writerKeyId(w.publicKey), w.publicKey]));
}

/** The trusted keys in `path`; a missing file trusts nobody (and verify then says so). */
export function loadTrustedWriters(path: string): TrustedWriters {
  if (!existsSync(path)) return new Map();
  return trustedWriters(readTrustFile(path));
}

function readTrustFile(path: string): TrustedWriter[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not JSON (${(error as Error).message}); expected {"writers": [{"keyId", "publicKey"}]}`);
  }
  const parsed = TrustFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}; expected {"writers": [{"keyId", "publicKey"}]}`);
  }
  for (const w of parsed.data.writers) {
    if (writerKeyId(w.publicKey) !== w.keyId) throw new Error(`${path}: keyId ${w.keyId} does not match its publicKey (expected ${writerKeyId(w.publicKey)})`);
  }
  return parsed.data.writers;
}

/** Adds a writer to the file (created if missing); a key already listed is left as is. */
export function addTrustedWriter(path: string, writer: TrustedWriter): void {
  const writers = existsSync(path) ? readTrustFile(path) : [];
  if (writers.some((w) => w.publicKey === writer.publicKey)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ writers: [...writers, writer] }, null, 2)}\n`);
}

/** base64url of the raw public key → a short id people can compare by eye. */
export function writerKeyId(publicKey: string): string {
  return `ed25519:${createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16)}`;
}
