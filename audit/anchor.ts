import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Checkpoint } from './writer-key.js';

/**
 * Somewhere signed heads are copied to that the log's writers and its database cannot rewrite:
 * a file on another host or under `chattr +a`, an S3 bucket with Object Lock. A head found there
 * reveals a tail cut together with its checkpoints, which the database alone cannot.
 */
export interface AnchorSink {
  /** Where the head went, for people. */
  write(head: Checkpoint): Promise<string>;
  /** Every head anchored so far. */
  read(): Promise<Checkpoint[]>;
}

export const AnchoredHeadSchema = z.object({
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  at: z.string(),
  keyId: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});

/** Parses one anchored head; `where` names the file line or object for the error. */
export function parseAnchoredHead(text: string, where: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not JSON; an anchored head is one JSON object {seq, hash, at, keyId, publicKey, signature}`);
  }
  const parsed = AnchoredHeadSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues[0]!.path.join('.') || '(head)'}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** Heads as JSON lines appended to a file; the file is only ever appended to. */
export class FileAnchor implements AnchorSink {
  constructor(private readonly path: string) {}

  async write(head: Checkpoint): Promise<string> {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(AnchoredHeadSchema.parse(head))}\n`);
    return this.path;
  }

  async read(): Promise<Checkpoint[]> {
    if (!existsSync(this.path)) throw new Error(`anchor file ${this.path} does not exist: nothing was anchored there`);
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .map((line, i) => [line, i] as const)
      .filter(([line]) => line.trim() !== '')
      .map(([line, i]) => parseAnchoredHead(line, `${this.path} line ${i + 1}`));
  }
}
