/**
 * Incident detection quality on the seeded synthetic cost corpus (evals/anomaly-corpus/):
 * recall, alerts per event, root cause, delay and false incidents per scenario kind, as the
 * table in docs/detection.md. Usage: npm run bench:detect-quality [-- SEEDS]
 */
import { qualityTable, scoreCorpus } from '../evals/anomaly-corpus/score-incidents.js';

const SEEDS = Number(process.argv[2] ?? 10);
const started = performance.now();
const scores = scoreCorpus(Array.from({ length: SEEDS }, (_, i) => i + 1));
console.log(qualityTable(scores));
console.log(`\n${SEEDS} seeds per scenario kind, ${((performance.now() - started) / 1000).toFixed(1)} s`);
