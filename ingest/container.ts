/** How the bytes are laid out, independent of whose billing columns they hold. */
export type Container = 'csv' | 'parquet' | 'jsonl';

export function containerOf(path: string): Container {
  const lower = path.toLowerCase().replace(/\.(gz|gzip|zst)$/, '');
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return 'csv';
}

export function isCompressed(path: string): boolean {
  return /\.(gz|gzip|zst)$/i.test(path);
}
