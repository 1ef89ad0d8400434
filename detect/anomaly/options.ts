/**
 * Every knob of the daily cost-anomaly detector. Defaults and the anchor each one cites
 * are listed in docs/detection.md.
 */
export interface AnomalyOptions {
  /** No alert before this many days of history (AWS Cost Anomaly Detection and GCP both warm up ~10 days). */
  warmupDays: number;
  /** Trailing days whose deseasonalized median is the level. */
  levelWindowDays: number;
  /** Trailing weeks used for the weekday factors. */
  seasonWindowWeeks: number;
  /** Trailing days used for the robust relative scale (MAD). */
  scaleWindowDays: number;
  /** Band half-width in robust standard deviations. */
  bandSigmas: number;
  /** Floor on the relative scale, so a perfectly flat series does not alert on cents. */
  minRelativeScale: number;
  /** Consecutive days outside the band that confirm a level shift and restart the baseline. */
  shiftConfirmDays: number;
  /**
   * Upper CUSUM on standardized residuals: allowance k and alarm level h, in robust sigmas. k = 1.5
   * (tuned for shifts of about 3σ, k = δ/2) rather than 1: a level that lags steady growth by 1σ
   * made k = 1 a zero-drift random walk that reached h within a quarter.
   */
  cusumDriftSigmas: number;
  cusumAlarmSigmas: number;
  /** $ above expected on the day below which nothing is reported (policy $ floor). */
  minImpactUsd: number;
  /** Share above expected below which nothing is reported. */
  minPctAboveExpected: number;
  /** Drift: growth over four weeks, with every week above the one before. */
  driftMinGrowth: number;
  driftMinWeeklyGrowth: number;
  /** A key first seen after this many days of data, at or above newKeyMinUsd a day, is new. */
  newKeyMinHistoryDays: number;
  newKeyMinUsd: number;
  /** Share above expected at which severity becomes major and critical. */
  majorPct: number;
  criticalPct: number;
  /**
   * A key explains a slice's rise when its own rise is at least this share of it, or when what
   * is left without it is within two robust sigmas of the slice's expectation.
   */
  rootCauseMinShare: number;
  /** An alert this many days after an incident's last day still belongs to it; as many quiet days end an incident. */
  incidentGapDays: number;
  /** The window (and $ impact) of an incident is cut after this many days. */
  incidentMaxDays: number;
  /** Planned events (policy `anomalies.planned`): incidents they cover are suppressed. */
  planned: readonly PlannedEvent[];
}

/** A known, planned change in spend (a migration, a load test, a launch): its incidents are not alerted. */
export interface PlannedEvent {
  name: string;
  /** first and last day covered, YYYY-MM-DD inclusive */
  from: string;
  to: string;
  /** which spend: every key given must match the incident's root cause; empty = the whole bill */
  match: Partial<Record<'provider' | 'billingAccount' | 'subAccount' | 'service' | 'region' | 'usageType' | 'resource' | 'team' | 'env', string>>;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  warmupDays: 10,
  levelWindowDays: 14,
  seasonWindowWeeks: 8,
  scaleWindowDays: 28,
  bandSigmas: 5.5,
  minRelativeScale: 0.02,
  shiftConfirmDays: 3,
  cusumDriftSigmas: 1.5,
  cusumAlarmSigmas: 8,
  minImpactUsd: 50,
  minPctAboveExpected: 0.05,
  driftMinGrowth: 0.2,
  driftMinWeeklyGrowth: 0.02,
  newKeyMinHistoryDays: 14,
  newKeyMinUsd: 50,
  majorPct: 0.2,
  criticalPct: 0.5,
  rootCauseMinShare: 0.8,
  incidentGapDays: 3,
  incidentMaxDays: 31,
  planned: [],
};
