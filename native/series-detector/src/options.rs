//! The detector's knobs, passed from detect/anomaly/options.ts as numbers in a fixed order
//! (detect/anomaly/native-series-detector.ts `packOptions` writes them).

pub struct Options {
    pub warmup_days: i64,
    pub level_window_days: i64,
    pub season_window_weeks: i64,
    pub scale_window_days: i64,
    pub band_sigmas: f64,
    pub min_relative_scale: f64,
    pub shift_confirm_days: i64,
    pub cusum_drift_sigmas: f64,
    pub cusum_alarm_sigmas: f64,
    pub min_impact_usd: f64,
    pub min_pct_above_expected: f64,
    pub drift_min_growth: f64,
    pub drift_min_weekly_growth: f64,
}

/// How many numbers `Options::from_packed` reads.
pub const PACKED_LEN: usize = 13;

impl Options {
    pub fn from_packed(p: &[f64]) -> Result<Options, String> {
        if p.len() != PACKED_LEN {
            return Err(format!(
                "expected {} packed options, got {}",
                PACKED_LEN,
                p.len()
            ));
        }
        let whole = |i: usize, name: &str| -> Result<i64, String> {
            let v = p[i];
            if v.fract() == 0.0 && (0.0..1e9).contains(&v) {
                Ok(v as i64)
            } else {
                Err(format!(
                    "option {} must be a whole number ≥ 0, got {}",
                    name, v
                ))
            }
        };
        Ok(Options {
            warmup_days: whole(0, "warmupDays")?,
            level_window_days: whole(1, "levelWindowDays")?,
            season_window_weeks: whole(2, "seasonWindowWeeks")?,
            scale_window_days: whole(3, "scaleWindowDays")?,
            band_sigmas: p[4],
            min_relative_scale: p[5],
            shift_confirm_days: whole(6, "shiftConfirmDays")?,
            cusum_drift_sigmas: p[7],
            cusum_alarm_sigmas: p[8],
            min_impact_usd: p[9],
            min_pct_above_expected: p[10],
            drift_min_growth: p[11],
            drift_min_weekly_growth: p[12],
        })
    }
}
