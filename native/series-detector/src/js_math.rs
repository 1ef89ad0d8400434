//! JavaScript's Math.max and truthiness, which differ from Rust's on NaN and signed zeros.
//! The detector must give the same bits as the TypeScript one, so it uses these.

/// `Math.max(a, b)`: NaN if either is NaN, and +0 over −0.
#[inline(always)]
pub fn js_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    // equal values: only ±0 can differ, and then +0 wins
    let b_wins = b > a || (b == a && a.is_sign_negative());
    if b_wins {
        b
    } else {
        a
    }
}

/// A number's truthiness in JavaScript: false for 0, −0 and NaN.
#[inline(always)]
pub fn truthy(x: f64) -> bool {
    x != 0.0 && !x.is_nan()
}
