import type { SeriesEvent } from './series-detector.js';

/** A run of same-length dense daily series (one currency's days), laid end to end in a shared buffer. */
export interface ScanChunk {
  id: number;
  /** `count` × `days` float64 values: series k is values [k × days, (k + 1) × days) */
  buffer: SharedArrayBuffer;
  count: number;
  days: number;
  /** day number of index 0 (calendar.ts) */
  firstDay: number;
}

/** What a worker found in a chunk: the events of each series that has any, by its index in the chunk. */
export interface ScannedChunk {
  id: number;
  found: [index: number, events: SeriesEvent[]][];
}
