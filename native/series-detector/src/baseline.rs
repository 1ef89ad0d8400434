//! The causal, robust, incremental baseline of one daily series: detect/anomaly/seasonal-baseline.ts
//! step for step (same operations in the same order, so the same bits).

use crate::js_math::{js_max, truthy};
use crate::options::Options;
use crate::robust_stats::{median_in_place, median_of_7, MAD_TO_SIGMA};
use crate::sorted_window::SortedWindow;

const REFIT_DAYS: i64 = 7;
const LOOKBACK_DAYS: i64 = 38;

#[derive(Clone, Copy)]
pub struct DayBaseline {
    pub expected: f64,
    pub half_width: f64,
    pub weekday_factor: f64,
}

/// Buffers kept between series, so a scan over many series allocates once per thread.
pub struct Workspace {
    ratio: Vec<f64>,
    ds: Vec<f64>,
    scratch: Vec<f64>,
    level: SortedWindow,
    weekday_ratios: Vec<SortedWindow>,
    pub week_medians: Vec<f64>,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            ratio: Vec::new(),
            ds: Vec::new(),
            scratch: Vec::new(),
            level: SortedWindow::new(1),
            weekday_ratios: Vec::new(),
            week_medians: Vec::new(),
        }
    }

    fn fit(&mut self, length: usize, o: &Options) {
        if self.ratio.len() < length {
            self.ratio.resize(length, 0.0);
            self.ds.resize(length, 0.0);
            self.week_medians.resize(length, 0.0);
        }
        let scratch = 64.max(o.scale_window_days as usize + 1);
        if self.scratch.len() < scratch {
            self.scratch.resize(scratch, 0.0);
        }
        let level = 1.max(o.level_window_days as usize);
        if self.level.capacity() != level {
            self.level = SortedWindow::new(level);
        }
        let weekday = o.season_window_weeks as usize + 1;
        if self.weekday_ratios.len() != 7 || self.weekday_ratios[0].capacity() != weekday {
            self.weekday_ratios = (0..7).map(|_| SortedWindow::new(weekday)).collect();
        }
    }
}

pub struct SeasonalBaseline<'a> {
    values: &'a [f64],
    o: &'a Options,
    ws: &'a mut Workspace,
    ds_lowest: f64,
    factors: [f64; 7],
    inverse_factors: [f64; 7],
    ratios_from: i64,
    ratios_to: i64,
    rel_scale: f64,
    slope: f64,
    fit_at: i64,
    fit_start: i64,
    level_from: i64,
    level_to: i64,
    weekday0: i64,
    previous_month: &'a [i32],
}

impl<'a> SeasonalBaseline<'a> {
    pub fn new(
        values: &'a [f64],
        weekday0: i64,
        previous_month: &'a [i32],
        o: &'a Options,
        ws: &'a mut Workspace,
    ) -> Self {
        ws.fit(values.len(), o);
        ws.level.clear();
        for w in ws.weekday_ratios.iter_mut() {
            w.clear();
        }
        ratio_to_weekly_mean(values, &mut ws.ratio);
        SeasonalBaseline {
            values,
            o,
            ws,
            ds_lowest: 0.0,
            factors: [0.0; 7],
            inverse_factors: [0.0; 7],
            ratios_from: 0,
            ratios_to: -1,
            rel_scale: 0.0,
            slope: 0.0,
            fit_at: i64::MIN / 4,
            fit_start: -1,
            level_from: 0,
            level_to: 0,
            weekday0,
            previous_month,
        }
    }

    pub fn at(&mut self, t: i64, start: i64) -> DayBaseline {
        if start != self.fit_start || t < self.fit_at || t - self.fit_at >= REFIT_DAYS {
            self.refit(t, start);
        }
        let level_from = start.max(t - self.o.level_window_days);
        let n0 = self.level_over(level_from, t);
        let level = js_max(
            0.0,
            n0 + self.slope * (t as f64 - ((level_from + t - 1) as f64) / 2.0),
        );
        let n = self.ws.level.size;
        let rel_scale = self.rel_scale;
        let weekday_factor = self.factors[self.weekday(t)];
        let seasonal = weekday_factor * level;
        let recurring = self.recurring_monthly_excess(t, start, rel_scale);
        let prediction_spread = (1.0 + std::f64::consts::PI / (2.0 * (n.max(1) as f64))).sqrt();
        DayBaseline {
            expected: seasonal + recurring,
            half_width: self.o.band_sigmas * rel_scale * prediction_spread * seasonal,
            weekday_factor,
        }
    }

    fn refit(&mut self, t: i64, start: i64) {
        self.fit_at = t;
        self.fit_start = start;
        self.weekday_factors(t, start);
        self.deseasonalize(t, start);
        self.rel_scale = js_max(self.o.min_relative_scale, self.relative_scale(t, start));
        self.slope = self.steady_trend(t, start);
        self.ws.level.clear();
        let from = start.max(t - self.o.level_window_days);
        self.level_from = from;
        self.level_to = from;
    }

    fn deseasonalize(&mut self, t: i64, start: i64) {
        let from = 0
            .max(start)
            .max(t - LOOKBACK_DAYS.max(self.o.level_window_days));
        let to = (self.values.len() as i64).min(t + REFIT_DAYS);
        let mut w = self.weekday(from);
        let mut lowest = f64::INFINITY;
        let ds = &mut self.ws.ds;
        let mut i = from;
        while i < to {
            let v = self.values[i as usize] * self.inverse_factors[w];
            ds[i as usize] = v;
            if v < lowest {
                lowest = v;
            }
            w += 1;
            if w == 7 {
                w = 0;
            }
            i += 1;
        }
        self.ds_lowest = lowest;
    }

    fn level_over(&mut self, from: i64, to: i64) -> f64 {
        let ws = &mut *self.ws;
        if from < self.level_from || from > self.level_to || self.level_from == self.level_to {
            ws.level.fill(&ws.ds, from as usize, to as usize);
            self.level_from = from;
            self.level_to = to;
        }
        while self.level_from < from && self.level_to < to {
            ws.level.replace(
                ws.ds[self.level_from as usize],
                ws.ds[self.level_to as usize],
            );
            self.level_from += 1;
            self.level_to += 1;
        }
        while self.level_from < from {
            ws.level.remove(ws.ds[self.level_from as usize]);
            self.level_from += 1;
        }
        while self.level_to < to {
            ws.level.insert(ws.ds[self.level_to as usize]);
            self.level_to += 1;
        }
        if ws.level.size > 0 {
            ws.level.median()
        } else {
            0.0
        }
    }

    #[inline(always)]
    fn weekday(&self, i: i64) -> usize {
        ((self.weekday0 + i) % 7) as usize
    }

    fn steady_trend(&self, t: i64, start: i64) -> f64 {
        if t - 21 < start {
            return 0.0;
        }
        let ds = &self.ws.ds;
        let m0 = median_of_7(ds, (t - 21) as usize);
        if m0 <= 0.0 {
            return 0.0;
        }
        let m1 = median_of_7(ds, (t - 14) as usize);
        if m1 == m0 {
            return 0.0;
        }
        let m2 = median_of_7(ds, (t - 7) as usize);
        let up = m1 > m0 && m2 > m1;
        let down = m1 < m0 && m2 < m1;
        if !up && !down {
            return 0.0;
        }
        if (m2 / m0 - 1.0).abs() > 0.1 {
            return 0.0;
        }
        (m2 - m0) / 14.0
    }

    fn weekday_factors(&mut self, t: i64, start: i64) {
        let from = (start + 3).max(t - 7 * self.o.season_window_weeks);
        let to = t - 4;
        if from < self.ratios_from || to < self.ratios_to || from > self.ratios_to + 1 {
            for w in self.ws.weekday_ratios.iter_mut() {
                w.clear();
            }
            self.ratios_from = from;
            self.ratios_to = from - 1;
        }
        let mut i = self.ratios_from;
        while i < from {
            let r = self.ws.ratio[i as usize];
            if !r.is_nan() {
                let d = self.weekday(i);
                self.ws.weekday_ratios[d].remove(r);
            }
            i += 1;
        }
        let mut i = self.ratios_to + 1;
        while i <= to {
            let r = self.ws.ratio[i as usize];
            if !r.is_nan() {
                let d = self.weekday(i);
                self.ws.weekday_ratios[d].insert(r);
            }
            i += 1;
        }
        self.ratios_from = from;
        self.ratios_to = to.max(from - 1);
        let mut sum = 0.0;
        for d in 0..7 {
            let w = &self.ws.weekday_ratios[d];
            self.factors[d] = if w.size >= 2 { w.median() } else { 1.0 };
            sum += self.factors[d];
        }
        let norm = if sum > 0.0 { 7.0 / sum } else { 1.0 };
        for d in 0..7 {
            self.factors[d] = usable_factor(self.factors[d] * norm);
            self.inverse_factors[d] = 1.0 / self.factors[d];
        }
    }

    fn relative_scale(&mut self, t: i64, start: i64) -> f64 {
        let from = (start + 3).max(t - self.o.scale_window_days);
        let mut n = 0usize;
        let mut w = self.weekday(from);
        let mut i = from;
        while i <= t - 4 {
            let r = self.ws.ratio[i as usize];
            if !r.is_nan() {
                self.ws.scratch[n] = (r * self.inverse_factors[w] - 1.0).abs();
                n += 1;
            }
            w += 1;
            if w == 7 {
                w = 0;
            }
            i += 1;
        }
        if n < 10 {
            return 0.1;
        }
        let to_sigma = ((MAD_TO_SIGMA * 7.0) / 6.0) * ((n as f64) / ((n - 8) as f64)).sqrt();
        if self.below_floor(n, to_sigma) {
            return self.o.min_relative_scale;
        }
        to_sigma * median_in_place(&mut self.ws.scratch, n)
    }

    fn below_floor(&self, n: usize, to_sigma: f64) -> bool {
        let floor = self.o.min_relative_scale;
        #[allow(clippy::neg_cmp_op_on_partial_ord)] // NaN too, as in TypeScript
        if !(floor > 0.0) {
            return false;
        }
        let limit = (floor / to_sigma) * (1.0 - 1e-9);
        let mut at_most = 0usize;
        for &x in &self.ws.scratch[..n] {
            if x <= limit {
                at_most += 1;
            }
        }
        at_most > n >> 1
    }

    fn recurring_monthly_excess(&mut self, t: i64, start: i64, rel_scale: f64) -> f64 {
        let p = self.previous_month[t as usize] as i64;
        if p < start || p + 7 >= t {
            return 0.0;
        }
        let from = start.max(p - 7);
        if p + 7 - from < 5 {
            return 0.0;
        }
        let o = self.o;
        let threshold = 1.0 + o.band_sigmas * rel_scale;
        let factor_p = self.factors[self.weekday(p)];
        let value_p = self.values[p as usize];
        if value_p <= factor_p * self.ds_lowest * threshold {
            return 0.0;
        }
        let ws = &mut *self.ws;
        let mut lowest = f64::INFINITY;
        for i in from..=p + 7 {
            if i != p && ws.ds[i as usize] < lowest {
                lowest = ws.ds[i as usize];
            }
        }
        if value_p <= factor_p * lowest * threshold {
            return 0.0;
        }
        let mut n = 0usize;
        for i in from..=p + 7 {
            if i != p {
                ws.scratch[n] = ws.ds[i as usize];
                n += 1;
            }
        }
        let local = factor_p * median_in_place(&mut ws.scratch, n);
        let excess = value_p - local;
        if excess > o.band_sigmas * rel_scale * local {
            excess
        } else {
            0.0
        }
    }
}

/// 0, NaN and a subnormal factor whose inverse overflows all read as 1 (seasonal-baseline.ts usableFactor).
fn usable_factor(f: f64) -> f64 {
    if truthy(f) && (1.0 / f).abs() < f64::INFINITY {
        f
    } else {
        1.0
    }
}

/// values[i] ÷ the mean of the 7 days centered on i, summed left to right; NaN where that does not fit or is not positive.
fn ratio_to_weekly_mean(values: &[f64], out: &mut [f64]) {
    let n = values.len();
    for x in out[..n].iter_mut() {
        *x = f64::NAN;
    }
    let mut c = 3;
    while c + 3 < n {
        let mean = (values[c - 3]
            + values[c - 2]
            + values[c - 1]
            + values[c]
            + values[c + 1]
            + values[c + 2]
            + values[c + 3])
            / 7.0;
        if mean > 0.0 {
            out[c] = values[c] / mean;
        }
        c += 1;
    }
}
