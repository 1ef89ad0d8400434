//! Tollgate's daily cost series detector as a Node-API addon. detect/anomaly/series-detector.ts
//! is the same method in TypeScript; detect/anomaly/native-series-detector.ts loads this one
//! when it is built and falls back to TypeScript when not. Both must return the same events to
//! the last bit (test/detect/native-detector.test.ts holds them to the reference detector).

mod baseline;
mod detector;
mod js_math;
mod options;
mod robust_stats;
mod sorted_window;

use std::cell::RefCell;

use napi::bindgen_prelude::*;
use napi_derive::napi;

thread_local! {
    // One set of buffers per thread (the main thread, or each worker thread), reused series after series.
    static WORKSPACE: RefCell<baseline::Workspace> = RefCell::new(baseline::Workspace::new());
}

/// How many numbers describe one event in the array `detectSeriesEvents` returns.
#[napi]
pub const EVENT_STRIDE: u32 = 6;

/// Events of one dense daily series (no new-key events), as [index, expected, actual, lower,
/// upper, method] per event; method 0 = seasonal-mad, 1 = level-shift, 2 = drift.
/// `previousMonth[i]` is the index of the same day one month earlier or −1; `weekday0` the
/// weekday of index 0 (0 = Sunday); `options` packed as options.rs reads them.
#[napi(catch_unwind)]
pub fn detect_series_events(
    values: Float64Array,
    weekday0: u32,
    previous_month: Int32Array,
    options: Float64Array,
) -> Result<Float64Array> {
    let o =
        options::Options::from_packed(&options).map_err(|e| Error::new(Status::InvalidArg, e))?;
    if previous_month.len() < values.len() {
        return Err(Error::new(
            Status::InvalidArg,
            format!(
                "previousMonth has {} entries for {} values",
                previous_month.len(),
                values.len()
            ),
        ));
    }
    let events = WORKSPACE.with(|ws| {
        detector::detect(
            &values,
            (weekday0 % 7) as i64,
            &previous_month,
            &o,
            &mut ws.borrow_mut(),
        )
    });
    let mut out = Vec::with_capacity(events.len() * EVENT_STRIDE as usize);
    for e in events {
        out.extend_from_slice(&[
            e.index as f64,
            e.expected,
            e.actual,
            e.lower,
            e.upper,
            e.method,
        ]);
    }
    Ok(Float64Array::new(out))
}
