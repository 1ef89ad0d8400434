/**
 * Worker-thread half of the series scan (series-scan-pool.ts): runs the series detector on each
 * chunk of dense daily series the main thread sends and sends back the events found, by series.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnomalyOptions } from './options.js';
// The detector's own module, not index.ts: a worker boots without the incident and core modules it never runs.
import { detectSeriesEvents } from './series-detector.js';
import type { ScanChunk, ScannedChunk } from './series-scan-chunk.js';

const { options } = workerData as { options: AnomalyOptions };
const port = parentPort!;

port.on('message', (chunk: ScanChunk) => {
  const data = new Float64Array(chunk.buffer);
  const found: ScannedChunk['found'] = [];
  for (let k = 0; k < chunk.count; k++) {
    const events = detectSeriesEvents(data.subarray(k * chunk.days, (k + 1) * chunk.days), chunk.firstDay, options);
    if (events.length > 0) found.push([k, events]);
  }
  port.postMessage({ id: chunk.id, found } satisfies ScannedChunk);
});
