import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { DataError } from '../warehouse/index.js';
import { csvByteStream } from './csv-header.js';

/** One field as RFC 4180 writes it; empty stays empty, which the reader takes as NULL. */
function field(value: string): string {
  return value === '' ? '' : `"${value.replaceAll('"', '""')}"`;
}

/**
 * The tolerant reader: an RFC 4180 parser in Node that accepts what DuckDB's strict reader refuses
 * (CR, LF and CRLF record ends mixed in one file, line breaks inside quoted JSON together with short
 * records) and writes the same records, one for one and in order, as a plain CSV with every record
 * as wide as the header. Record numbers therefore stay those of the source. A record it cannot read
 * either (an unclosed quote, more fields than the header) is refused with its number.
 */
export async function rewriteCsv(source: string, target: string, width: number): Promise<number> {
  let records = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: 8 * 2 ** 20,
  });
  const writer = new Transform({
    writableObjectMode: true,
    transform(record: string[], _encoding, done) {
      if (records > 0 && record.length > width) {
        done(
          new DataError('the record has more fields than the header', {
            file: source,
            row: records,
            expected: `${width} fields`,
            found: `${record.length} fields`,
          }),
        );
        return;
      }
      records += 1;
      const padded = record.length < width ? [...record, ...new Array<string>(width - record.length).fill('')] : record;
      done(null, `${padded.map(field).join(',')}\n`);
    },
  });
  try {
    await pipeline(csvByteStream(source), parser, writer, createWriteStream(target));
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { records?: number }).records;
      throw new DataError(
        `not valid CSV: ${error.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}`,
        { file: source, row: at === undefined ? undefined : at },
        'Check the quoting of this record; a field holding commas, quotes or line breaks must be quoted, with its quotes doubled',
      );
    }
    throw error;
  }
  return Math.max(records - 1, 0);
}
