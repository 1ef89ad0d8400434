import type { MetricPoint } from './metric-detector.js';

/** Parses NAB's `timestamp,value` CSV; errors name the source, line and what was found. */
export function parseMetricCsv(text: string, source = 'input'): MetricPoint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || header[0] !== 'timestamp' || header[1] !== 'value')
    throw new Error(`${source}:1: expected the header "timestamp,value", found "${lines[0] ?? ''}"`);
  return lines.slice(1).map((line, i) => {
    const [timestamp, raw] = line.split(',');
    const value = Number(raw);
    if (!timestamp || raw === undefined || raw.trim() === '' || !Number.isFinite(value))
      throw new Error(`${source}:${i + 2}: expected "timestamp,number", found "${line}"`);
    return { timestamp: timestamp.trim(), value };
  });
}
