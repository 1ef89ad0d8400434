/** Worker half of bench/detect-anomalies.ts: scans its share of the series in a shared buffer. */
import { parentPort, workerData } from 'node:worker_threads';
// The detector's own module, not detect/anomaly/index.ts: a worker boots without the incident and core modules it never runs.
import { DEFAULT_ANOMALY_OPTIONS } from '../detect/anomaly/options.js';
import { detectSeriesEvents } from '../detect/anomaly/series-detector.js';

const { buffer, days, firstDay, from, to, waitForGo } = workerData as {
  buffer: SharedArrayBuffer;
  days: number;
  firstDay: number;
  from: number;
  to: number;
  /** a warm pool: say 'ready' once loaded and scan on 'go', so the boot is timed apart */
  waitForGo?: boolean;
};
const scan = () => {
  const data = new Float64Array(buffer);
  let events = 0;
  for (let s = from; s < to; s++) events += detectSeriesEvents(data.subarray(s * days, (s + 1) * days), firstDay, DEFAULT_ANOMALY_OPTIONS).length;
  parentPort!.postMessage(events);
};
if (waitForGo) {
  parentPort!.once('message', scan);
  parentPort!.postMessage('ready');
} else scan();
