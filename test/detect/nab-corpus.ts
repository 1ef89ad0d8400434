import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetricCsv, type MetricPoint } from '../../detect/metric/index.js';

export const NAB_DIR = new URL('../../../shared/data/nab/', import.meta.url).pathname;

export interface NabFile {
  name: string;
  points: MetricPoint[];
  windows: [number, number][];
}

/** NAB times are naive local-free strings; read them as UTC so comparisons are exact. */
export function nabTime(text: string): number {
  return Date.parse(`${text.trim().slice(0, 19).replace(' ', 'T')}Z`);
}

export function loadNabCorpus(folder = 'realAWSCloudwatch'): NabFile[] {
  const labels = JSON.parse(readFileSync(join(NAB_DIR, 'labels/combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  return readdirSync(join(NAB_DIR, folder))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => ({
      name: f,
      points: parseMetricCsv(readFileSync(join(NAB_DIR, folder, f), 'utf8'), f),
      windows: (labels[`${folder}/${f}`] ?? []).map(([a, b]) => [nabTime(a), nabTime(b)] as [number, number]),
    }));
}
