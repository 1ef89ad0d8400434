import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { createGunzip } from 'node:zlib';
import { isCompressed } from './container.js';

/** A CSV's source of bytes, decompressed when its name says gzip. */
export function csvByteStream(path: string): NodeJS.ReadableStream {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return /\.(gz|gzip)$/i.test(path) ? raw.pipe(createGunzip()) : raw;
}

/**
 * The header record, read by an RFC 4180 parser rather than DuckDB's sniffer, so the staging read can
 * name every column itself and never guess. Names are made unique the way DuckDB does (`a`, `a_1`).
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  if (isCompressed(path) && !/\.(gz|gzip)$/i.test(path)) return [];
  const parser = csvByteStream(path).pipe(parse({ bom: true, to: 1, relax_column_count: true }));
  let header: string[] = [];
  try {
    for await (const record of parser) {
      header = record as string[];
      break;
    }
  } catch {
    // A damaged stream is reported by the full read with its own message.
  } finally {
    parser.destroy();
  }
  return uniqueNames(header);
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    const base = raw === '' ? `column${String(i).padStart(2, '0')}` : raw;
    let name = base;
    for (let n = 1; seen.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}
