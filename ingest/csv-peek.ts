import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DataError } from '../warehouse/index.js';
import { isCompressed } from './container.js';

/** Counts fields in one CSV line, honouring double quotes. */
export function countCsvFields(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) fields += 1;
  }
  return fields;
}

async function firstLines(path: string, count: number): Promise<string[]> {
  const raw = createReadStream(path, { start: 0, end: isCompressed(path) ? undefined : 256 * 1024 - 1 });
  const stream = isCompressed(path) ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      if (text.split('\n').length > count || text.length > 256 * 1024) break;
    }
  } catch {
    // A damaged gzip stream is reported by the full read with its own message.
  } finally {
    raw.destroy();
  }
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(0, count);
}

function lastLine(path: string): { line: string; endsWithNewline: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    const endsWithNewline = text.endsWith('\n');
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    return { line: lines[lines.length - 1] ?? '', endsWithNewline };
  } finally {
    closeSync(fd);
  }
}

const OTHER_DELIMITERS = [';', '\t', '|'];

/**
 * Checks a CSV's shape before DuckDB reads it: comma-delimited, and not cut off mid-record.
 * DuckDB would otherwise guess another delimiter or pad the cut record with NULLs.
 */
export async function checkCsvShape(path: string): Promise<void> {
  const [header = '', firstRow] = await firstLines(path, 2);
  const commas = countCsvFields(header, ',');
  for (const other of OTHER_DELIMITERS) {
    if (commas === 1 && countCsvFields(header, other) > 1) {
      throw new DataError(
        'wrong delimiter in the header',
        { file: path, row: 0, expected: 'comma-separated columns', found: JSON.stringify(other) },
        'Export as comma-separated CSV',
      );
    }
    if (firstRow && commas > 1 && countCsvFields(firstRow, ',') === 1 && countCsvFields(firstRow, other) > 1) {
      throw new DataError('wrong delimiter in the first record', {
        file: path,
        row: 1,
        expected: `${commas} comma-separated fields`,
        found: JSON.stringify(other),
      });
    }
  }
  if (isCompressed(path)) return;
  const { line, endsWithNewline } = lastLine(path);
  if (!endsWithNewline && line.length > 0 && (countCsvFields(line, ',') < commas || (line.match(/"/g)?.length ?? 0) % 2 === 1)) {
    throw new DataError(
      'the file is truncated: its last record is cut off',
      { file: path, column: undefined, expected: `${commas} fields and a final newline`, found: line.slice(-60) },
      'Download the export again',
    );
  }
}
