import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError, literal, type Warehouse } from '../../warehouse/index.js';
import { containerOf, isCompressed } from '../container.js';

export interface LocalPart {
  /** the downloaded or local file */
  file: string;
  /** the object it came from, for errors */
  uri: string;
}

/**
 * A manifest's parts → one file, so the whole assembly loads in one transaction under one name (a
 * restatement then replaces the period at once). CSV parts must share their header; the header is
 * kept once. One part is returned as is.
 */
export async function mergeParts(db: Warehouse, parts: readonly LocalPart[], outDir: string): Promise<string> {
  if (parts.length === 1) return parts[0]!.file;
  const containers = new Set(parts.map((p) => containerOf(p.uri)));
  if (containers.size > 1) {
    throw new DataError('the parts of one assembly are in different formats', { file: parts[0]!.uri, found: [...containers].join(', ') }, 'Check the manifest');
  }
  const container = [...containers][0]!;
  if (container === 'parquet') {
    const out = join(outDir, 'assembly.parquet');
    const list = `[${parts.map((p) => literal(p.file)).join(', ')}]`;
    await db.connection.run(`COPY (SELECT * FROM read_parquet(${list}, union_by_name = true)) TO ${literal(out)} (FORMAT parquet)`);
    return out;
  }
  const out = join(outDir, container === 'jsonl' ? 'assembly.jsonl' : 'assembly.csv');
  const sink = createWriteStream(out);
  let header: string | undefined;
  for (const part of parts) {
    const source = createReadStream(part.file);
    const plain = isCompressed(part.uri) ? source.pipe(createGunzip()) : source;
    const keep = container === 'csv' ? new HeaderOnce(part.uri, header) : new EndWithNewline();
    await pipeline(plain, keep, sink, { end: false });
    if (keep instanceof HeaderOnce) header = keep.header;
  }
  await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return out;
}

/** Passes a CSV through, dropping its header line when an earlier part had the same one. */
class HeaderOnce extends Transform {
  header: string | undefined;
  private pending = '';
  private seen = false;
  private last = 10;

  constructor(
    private readonly uri: string,
    private readonly expected: string | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (chunk.length > 0) this.last = chunk[chunk.length - 1]!;
    if (this.seen) return done(null, chunk);
    this.pending += chunk.toString('utf8');
    const newline = this.pending.indexOf('\n');
    if (newline < 0) return done();
    this.seen = true;
    const line = this.pending.slice(0, newline + 1);
    const rest = this.pending.slice(newline + 1);
    this.header = line.replace(/^\uFEFF/, '').trimEnd();
    if (this.expected !== undefined && this.header !== this.expected) {
      return done(
        new DataError(
          "this part's header differs from the first part's",
          { file: this.uri, row: 0, expected: this.expected.slice(0, 120), found: this.header.slice(0, 120) },
          'The parts of one manifest must share their columns: check the export',
        ),
      );
    }
    done(null, this.expected === undefined ? line + rest : rest);
  }

  override _flush(done: TransformCallback): void {
    if (!this.seen && this.pending) {
      this.header = this.pending.trimEnd();
      if (this.expected !== undefined && this.header !== this.expected)
        return done(new DataError("this part's header differs from the first part's", { file: this.uri, row: 0 }));
      return done(null, this.expected === undefined ? this.pending + '\n' : '');
    }
    // The next part's first record must start on a line of its own.
    done(null, this.last === 10 ? undefined : '\n');
  }
}

/** Newline-delimited JSON parts joined: each must end its last line. */
class EndWithNewline extends Transform {
  private last = 10;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (chunk.length > 0) this.last = chunk[chunk.length - 1]!;
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    done(null, this.last === 10 ? undefined : '\n');
  }
}
