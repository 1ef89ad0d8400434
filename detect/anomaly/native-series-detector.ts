import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { previousMonthIndices, weekdayOfDay } from './calendar.js';
import type { AnomalyOptions } from './options.js';
import type { SeriesEvent, SeriesMethod } from './series-detector.js';

/**
 * The series scan compiled from native/series-detector/ (Rust, Node-API): the same method as
 * series-detector.ts, step for step, about three times faster. It is optional: where it was not
 * built (no Rust toolchain) the TypeScript scan runs and gives the same events.
 * TOLLGATE_NATIVE_DETECTOR=0 forces TypeScript; =1 makes a missing addon an error.
 */
interface Addon {
  detectSeriesEvents(values: Float64Array, weekday0: number, previousMonth: Int32Array, options: Float64Array): Float64Array;
  EVENT_STRIDE: number;
}

export type NativeScan = (values: ArrayLike<number>, firstDay: number, options: AnomalyOptions) => SeriesEvent[];

const ADDON_FILE = 'native/series-detector/tollgate-series-detector.node';
const METHODS: readonly SeriesMethod[] = ['seasonal-mad', 'level-shift', 'drift'];

let loaded: { scan: NativeScan | undefined; path?: string; reason?: string } | undefined;

/** The native scan, or undefined when it is not built or is switched off (then say why: `nativeDetectorStatus`). */
export function nativeSeriesScan(): NativeScan | undefined {
  loaded ??= load();
  return loaded.scan;
}

/** Which detector runs, for progress lines and benchmarks. */
export function nativeDetectorStatus(): { native: boolean; detail: string } {
  loaded ??= load();
  return loaded.scan ? { native: true, detail: `native (${loaded.path})` } : { native: false, detail: `TypeScript (${loaded.reason})` };
}

function load(): { scan: NativeScan | undefined; path?: string; reason?: string } {
  const setting = process.env.TOLLGATE_NATIVE_DETECTOR;
  if (setting === '0') return { scan: undefined, reason: 'TOLLGATE_NATIVE_DETECTOR=0' };
  // From the sources (detect/anomaly/) the repository root is two folders up; from dist/ three.
  const candidates = ['../../', '../../../'].map((up) => fileURLToPath(new URL(up + ADDON_FILE, import.meta.url)));
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    const reason = `${ADDON_FILE} not built: run scripts/build-native.sh (needs cargo)`;
    if (setting === '1') throw new Error(`TOLLGATE_NATIVE_DETECTOR=1 but ${reason}`);
    return { scan: undefined, reason };
  }
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch (error) {
    const reason = `${path} did not load (${(error as Error).message.split('\n')[0]}): rebuild it with scripts/build-native.sh`;
    if (setting === '1') throw new Error(`TOLLGATE_NATIVE_DETECTOR=1 but ${reason}`);
    return { scan: undefined, reason };
  }
  return { scan: scanWith(addon), path };
}

function scanWith(addon: Addon): NativeScan {
  const stride = addon.EVENT_STRIDE;
  return (values, firstDay, options) => {
    const series = values instanceof Float64Array ? values : Float64Array.from(values);
    const out = addon.detectSeriesEvents(series, weekdayOfDay(firstDay), previousMonthIndices(firstDay, series.length), packed(options));
    const events: SeriesEvent[] = [];
    for (let k = 0; k < out.length; k += stride)
      events.push({ index: out[k]!, expected: out[k + 1]!, actual: out[k + 2]!, lower: out[k + 3]!, upper: out[k + 4]!, method: METHODS[out[k + 5]!]! });
    return events;
  };
}

const packedOptions = new WeakMap<AnomalyOptions, Float64Array>();

/** The options the scan reads, in the order native/series-detector/src/options.rs reads them. */
function packed(o: AnomalyOptions): Float64Array {
  let p = packedOptions.get(o);
  if (!p) {
    p = Float64Array.of(
      o.warmupDays,
      o.levelWindowDays,
      o.seasonWindowWeeks,
      o.scaleWindowDays,
      o.bandSigmas,
      o.minRelativeScale,
      o.shiftConfirmDays,
      o.cusumDriftSigmas,
      o.cusumAlarmSigmas,
      o.minImpactUsd,
      o.minPctAboveExpected,
      o.driftMinGrowth,
      o.driftMinWeeklyGrowth,
    );
    packedOptions.set(o, p);
  }
  return p;
}
