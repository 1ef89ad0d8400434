/**
 * Anomaly detection throughput: SERIES daily cost series of DAYS days through the detector,
 * and as the anchor, measured in the same run, one DuckDB SQL pass computing median and MAD
 * per series over the same numbers. Usage: npm run bench:detect [-- SERIES]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { seededRandom } from '../core/index.js';
import { dayNumber, DEFAULT_ANOMALY_OPTIONS, detectSeriesEvents } from '../detect/anomaly/index.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const DAYS = 90;
const FIRST_DAY = dayNumber('2025-01-01');

function generate(): Float64Array {
  const random = seededRandom(42);
  const data = new Float64Array(SERIES * DAYS);
  for (let s = 0; s < SERIES; s++) {
    const base = 50 + random() * 5000;
    const spikeAt = random() < 0.1 ? 20 + Math.floor(random() * 70) : -1;
    for (let d = 0; d < DAYS; d++) {
      const weekend = (d + 3) % 7 >= 5 ? 0.8 : 1; // 2025-01-01 is a Wednesday
      data[s * DAYS + d] = base * weekend * (1 + 0.05 * (random() - 0.5)) * (d === spikeAt ? 1.5 : 1);
    }
  }
  return data;
}

function detectAll(data: Float64Array): { seconds: number; events: number } {
  const started = performance.now();
  let events = 0;
  for (let s = 0; s < SERIES; s++) events += detectSeriesEvents(data.subarray(s * DAYS, (s + 1) * DAYS), FIRST_DAY, DEFAULT_ANOMALY_OPTIONS).length;
  return { seconds: (performance.now() - started) / 1000, events };
}

async function duckdbMedianMad(data: Float64Array): Promise<{ seconds: number; rows: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run('CREATE TABLE daily (series_id INTEGER, day INTEGER, cost DOUBLE)');
  const appender = await connection.createAppender('daily');
  for (let s = 0; s < SERIES; s++) {
    for (let d = 0; d < DAYS; d++) {
      appender.appendInteger(s);
      appender.appendInteger(d);
      appender.appendDouble(data[s * DAYS + d]!);
      appender.endRow();
    }
  }
  appender.flushSync();
  appender.closeSync();
  const started = performance.now();
  const reader = await connection.runAndReadAll(
    `WITH centers AS (SELECT series_id, median(cost) AS med FROM daily GROUP BY series_id)
     SELECT count(*) AS n FROM (
       SELECT d.series_id, c.med, median(abs(d.cost - c.med)) AS mad FROM daily d JOIN centers c USING (series_id) GROUP BY d.series_id, c.med)`,
  );
  const seconds = (performance.now() - started) / 1000;
  const rows = Number(reader.getRowObjectsJS()[0]!.n);
  connection.closeSync();
  instance.closeSync();
  return { seconds, rows };
}

const data = generate();
const ours = detectAll(data);
const anchor = await duckdbMedianMad(data);
const oursRate = SERIES / ours.seconds;
const anchorRate = anchor.rows / anchor.seconds;
console.log(`series: ${SERIES} × ${DAYS} days (node ${process.version})`);
console.log(`tollgate detector : ${ours.seconds.toFixed(2)} s, ${Math.round(oursRate).toLocaleString('en-US')} series/s, ${ours.events} events`);
console.log(`DuckDB median/MAD : ${anchor.seconds.toFixed(2)} s, ${Math.round(anchorRate).toLocaleString('en-US')} series/s (one SQL pass, 2 threads)`);
console.log(`ratio (tollgate / DuckDB series per second): ${(oursRate / anchorRate).toFixed(2)}`);
