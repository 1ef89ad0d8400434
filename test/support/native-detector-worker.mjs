// A worker thread that runs the series detector on the series it is given (test/detect/native-detector.test.ts).
// Worker threads do not inherit tsx's loader: register it, then load the TypeScript modules.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { detectSeriesEvents, DEFAULT_ANOMALY_OPTIONS } = await import('../../detect/anomaly/index.ts');
const { nativeDetectorStatus } = await import('../../detect/anomaly/native-series-detector.ts');
parentPort.postMessage({
  native: nativeDetectorStatus().native,
  events: detectSeriesEvents(Float64Array.from(workerData.values), workerData.firstDay, DEFAULT_ANOMALY_OPTIONS),
});
