import { DataError } from '../warehouse/index.js';
import type { ColumnSet } from './column-set.js';
import type { Normalizer, SourceFormat } from './normalizer.js';
import { awsCur2Normalizer } from './normalizers/aws-cur2.js';
import { awsCurNormalizer } from './normalizers/aws-cur.js';
import { azureNormalizer } from './normalizers/azure.js';
import { focusNormalizer } from './normalizers/focus.js';
import { gcpNormalizer } from './normalizers/gcp.js';

/** In sniffing order: FOCUS first, since provider exports never carry BilledCost. */
export const NORMALIZERS: readonly Normalizer[] = [focusNormalizer, awsCurNormalizer, awsCur2Normalizer, azureNormalizer, gcpNormalizer];

export function normalizerFor(format: SourceFormat): Normalizer {
  const found = NORMALIZERS.find((n) => n.format === format);
  if (!found) throw new Error(`unknown format ${format}`);
  return found;
}

/** Picks the layout from the header, or takes the one the user named. */
export function chooseNormalizer(file: string, columns: ColumnSet, requested: SourceFormat | 'auto'): Normalizer {
  if (requested !== 'auto') return normalizerFor(requested);
  const found = NORMALIZERS.find((n) => n.recognizes(columns));
  if (found) return found;
  throw new DataError(
    'unknown layout: the header matches no supported billing export',
    { file, row: 0, found: columns.names.slice(0, 8).join(',') + (columns.names.length > 8 ? ',…' : '') },
    `Supported: ${NORMALIZERS.map((n) => `${n.format} (${n.description})`).join('; ')}. Name one with --format if the header is unusual`,
  );
}
