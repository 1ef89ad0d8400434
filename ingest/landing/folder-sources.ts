import { copyFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { invoiceMonthOf, unitFingerprint, type BillingSourceReader, type LandingFormat, type LandingPart, type LandingUnit } from '../../core/index.js';
import { expandPaths } from '../expand-paths.js';

async function partsOf(folder: string): Promise<LandingPart[]> {
  const root = resolve(folder);
  const files = expandPaths([root]);
  return Promise.all(
    files.map(async (file) => {
      const s = await stat(file);
      return { key: relative(root, file), uri: file, localPath: file, size: s.size, etag: String(s.mtimeMs) };
    }),
  );
}

const copyLocal = async (part: LandingPart, toFile: string): Promise<void> => copyFile(part.localPath ?? part.uri, toFile);

/**
 * A local folder (a mounted share, a sync target, what cron drops): each billing file is a unit, held
 * under its own path as `tollgate ingest` holds it, so a file rewritten in place replaces its rows.
 */
export function folderBillingSource(options: { name: string; path: string; format: LandingFormat }): BillingSourceReader {
  const root = resolve(options.path);
  return {
    name: options.name,
    kind: 'folder',
    location: root,
    async listUnits() {
      const parts = await partsOf(root);
      return { units: parts.map((p) => ({ unit: p.uri, fingerprint: unitFingerprint({}, [p]), parts: [p], format: options.format })), problems: [] };
    },
    download: copyLocal,
  };
}

/**
 * A folder of BigQuery billing-export extracts (`bq extract` of the gcp_billing_export table, CSV or
 * newline-delimited JSON, often sharded as name-000000000000.csv). Shards whose names carry the same
 * invoice month (202611, 2026-11) are one unit, so a re-extracted month replaces the month.
 */
export function bigQueryExtractSource(options: { name: string; path: string }): BillingSourceReader {
  const root = resolve(options.path);
  return {
    name: options.name,
    kind: 'bigquery-extract',
    location: root,
    async listUnits() {
      const byPeriod = new Map<string, LandingPart[]>();
      const units: LandingUnit[] = [];
      for (const part of await partsOf(root)) {
        const period = invoiceMonthOf(part.key);
        if (period) byPeriod.set(period, [...(byPeriod.get(period) ?? []), part]);
        else units.push({ unit: part.uri, fingerprint: unitFingerprint({}, [part]), parts: [part], format: 'gcp' });
      }
      for (const [period, parts] of byPeriod) {
        units.push({ unit: `${root}/invoice-month=${period}`, period, fingerprint: unitFingerprint({}, parts), parts, format: 'gcp' });
      }
      return { units: units.sort((a, b) => a.unit.localeCompare(b.unit)), problems: [] };
    },
    download: copyLocal,
  };
}
