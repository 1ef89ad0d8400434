//! The series scan: detect/anomaly/series-detector.ts `detectSeriesEvents` without its new-key
//! check (which reads calendar dates and stays in TypeScript), step for step.

use crate::baseline::{DayBaseline, SeasonalBaseline, Workspace};
use crate::js_math::js_max;
use crate::options::Options;
use crate::robust_stats::median_of_7;

pub const SEASONAL_MAD: f64 = 0.0;
pub const LEVEL_SHIFT: f64 = 1.0;
pub const DRIFT: f64 = 2.0;

#[derive(Clone, Copy)]
pub struct Event {
    pub index: i64,
    pub expected: f64,
    pub actual: f64,
    pub lower: f64,
    pub upper: f64,
    pub method: f64,
}

fn passes_floors(actual: f64, expected: f64, o: &Options) -> bool {
    let delta = actual - expected;
    delta >= o.min_impact_usd && delta >= o.min_pct_above_expected * expected
}

pub fn detect(
    values: &[f64],
    weekday0: i64,
    previous_month: &[i32],
    o: &Options,
    ws: &mut Workspace,
) -> Vec<Event> {
    let n = values.len() as i64;
    let mut first_active = 0i64;
    while first_active < n && values[first_active as usize] <= 0.0 {
        first_active += 1;
    }
    let mut events: Vec<Event> = Vec::new();
    if first_active == n {
        return events;
    }
    rolling_week_medians(values, &mut ws.week_medians);
    let mut week_medians = std::mem::take(&mut ws.week_medians);
    {
        let mut baseline = SeasonalBaseline::new(values, weekday0, previous_month, o, ws);
        let mut drift = DriftWatch {
            values,
            o,
            week_medians: &week_medians,
            quiet_until: -1,
        };
        let mut regime_start = first_active;
        let mut up_run = 0i64;
        let mut down_run = 0i64;
        let mut cusum = 0.0f64;
        let mut cusum_start = first_active + o.warmup_days;
        let mut cusum_excess_usd = 0.0f64;
        let mut open: Option<usize> = None;
        let mut t = first_active + o.warmup_days;
        while t < n {
            let b = baseline.at(t, regime_start);
            let actual = values[t as usize];
            let upper = b.expected + b.half_width;
            let lower = js_max(0.0, b.expected - b.half_width);
            up_run = if actual > upper { up_run + 1 } else { 0 };
            down_run = if actual < lower { down_run + 1 } else { 0 };
            let worth_reporting = actual > upper && passes_floors(actual, b.expected, o);
            if worth_reporting && open.is_none() {
                events.push(Event {
                    index: t,
                    expected: b.expected,
                    actual,
                    lower,
                    upper,
                    method: SEASONAL_MAD,
                });
                open = Some(events.len() - 1);
            } else if !worth_reporting && up_run == 0 {
                open = None;
            }
            let shifted = up_run >= o.shift_confirm_days || down_run >= o.shift_confirm_days;
            if shifted {
                regime_start = t - o.shift_confirm_days + 1;
                if let Some(k) = open {
                    if up_run > 0 {
                        events[k].method = LEVEL_SHIFT;
                    }
                }
                up_run = 0;
                down_run = 0;
                open = None;
                cusum = 0.0;
                cusum_excess_usd = 0.0;
                cusum_start = t + 1;
                drift.restart_at(regime_start);
            }
            // The day a shift is confirmed the baseline restarts; the CUSUM does not read it (series-detector.ts).
            if !shifted {
                let z = if b.half_width > 0.0 {
                    ((actual - b.expected) / b.half_width) * o.band_sigmas
                } else {
                    0.0
                };
                cusum = js_max(0.0, cusum + z - o.cusum_drift_sigmas);
                if cusum == 0.0 {
                    cusum_start = t + 1;
                } else {
                    cusum_excess_usd += actual - b.expected;
                }
                if cusum > o.cusum_alarm_sigmas && open.is_none() {
                    let days = (t - cusum_start + 1) as f64;
                    let mean_expected = b.expected;
                    if passes_floors(mean_expected + cusum_excess_usd / days, mean_expected, o) {
                        events.push(Event {
                            index: t,
                            expected: b.expected,
                            actual,
                            lower,
                            upper: b.expected + b.half_width,
                            method: LEVEL_SHIFT,
                        });
                    }
                    regime_start = cusum_start;
                    drift.restart_at(regime_start);
                }
                if cusum == 0.0 || cusum > o.cusum_alarm_sigmas {
                    cusum = 0.0;
                    cusum_excess_usd = 0.0;
                    cusum_start = t + 1;
                }
            }
            if let Some(drifted) = drift.check(t, &b, regime_start) {
                if open.is_none() {
                    events.push(drifted);
                }
            }
            t += 1;
        }
    }
    ws.week_medians = std::mem::take(&mut week_medians);
    // stable, as Array.prototype.sort
    events.sort_by_key(|e| e.index);
    events
}

/// weekMedians[i] = median of values[i−6..i].
fn rolling_week_medians(values: &[f64], out: &mut Vec<f64>) {
    if out.len() < values.len() {
        out.resize(values.len(), 0.0);
    }
    for x in out[..values.len().min(6)].iter_mut() {
        *x = 0.0;
    }
    for i in 6..values.len() {
        out[i] = median_of_7(values, i - 6);
    }
}

struct DriftWatch<'a> {
    values: &'a [f64],
    o: &'a Options,
    week_medians: &'a [f64],
    quiet_until: i64,
}

impl DriftWatch<'_> {
    fn restart_at(&mut self, index: i64) {
        self.quiet_until = self.quiet_until.max(index + 27);
    }

    fn check(&mut self, t: i64, b: &DayBaseline, regime_start: i64) -> Option<Event> {
        if t < self.quiet_until || t - 27 < regime_start {
            return None;
        }
        let m = self.week_medians;
        let first = m[(t - 21) as usize];
        let last = m[t as usize];
        if first <= 0.0 || last / first - 1.0 < self.o.drift_min_growth {
            return None;
        }
        let step = 1.0 + self.o.drift_min_weekly_growth;
        let second = m[(t - 14) as usize];
        let third = m[(t - 7) as usize];
        if second < first * step || third < second * step || last < third * step {
            return None;
        }
        let before = self.growth_before(t - 21, regime_start);
        if last / first / before - 1.0 < self.o.drift_min_growth {
            return None;
        }
        let expected = first * before * b.weekday_factor;
        let actual = self.values[t as usize];
        if !passes_floors(actual, expected, self.o) {
            return None;
        }
        self.quiet_until = t + 28;
        Some(Event {
            index: t,
            expected,
            actual,
            lower: js_max(0.0, expected - b.half_width),
            upper: expected + b.half_width,
            method: DRIFT,
        })
    }

    /// series-detector.ts growthBefore: 21 days' growth, or 14 days' extrapolated as g × √g.
    fn growth_before(&self, end: i64, regime_start: i64) -> f64 {
        let known = end - (regime_start + 6);
        if known < 14 {
            return 1.0;
        }
        let span = if known >= 21 { 21 } else { 14 };
        let from = self.week_medians[(end - span) as usize];
        let to = self.week_medians[end as usize];
        if from <= 0.0 || to <= from {
            return 1.0;
        }
        let growth = to / from;
        if span == 21 {
            growth
        } else {
            growth * growth.sqrt()
        }
    }
}
