//! Medians (detect/anomaly/robust-stats.ts, step for step).

pub const MAD_TO_SIGMA: f64 = 1.4826;

/// Median of the first n values of `buf`, reordering them.
pub fn median_in_place(buf: &mut [f64], n: usize) -> f64 {
    if n > 64 {
        // as a typed array sorts: numerically, −0 before +0, NaN last
        let sorted = &mut buf[..n];
        sorted.sort_by(|a, b| a.total_cmp(b));
        let half = n >> 1;
        return if n % 2 == 1 {
            sorted[half]
        } else {
            (sorted[half - 1] + sorted[half]) / 2.0
        };
    }
    if n == 0 {
        return f64::NAN;
    }
    let mid = n >> 1;
    if n > 12 {
        let upper = select(buf, n, mid);
        if n % 2 == 1 {
            return upper;
        }
        let mut lower = buf[0];
        for i in 1..mid {
            if buf[i] > lower {
                lower = buf[i];
            }
        }
        return (lower + upper) / 2.0;
    }
    for i in 1..n {
        let v = buf[i];
        let mut j = i as isize - 1;
        while j >= 0 && buf[j as usize] > v {
            buf[(j + 1) as usize] = buf[j as usize];
            j -= 1;
        }
        buf[(j + 1) as usize] = v;
    }
    if n % 2 == 1 {
        buf[mid]
    } else {
        (buf[mid - 1] + buf[mid]) / 2.0
    }
}

/// Hoare's quickselect with a median-of-three pivot, as robust-stats.ts `select`.
fn select(buf: &mut [f64], n: usize, k: usize) -> f64 {
    let mut lo: isize = 0;
    let mut hi: isize = n as isize - 1;
    let k = k as isize;
    while hi > lo {
        let m = (lo + hi) >> 1;
        if buf[m as usize] < buf[lo as usize] {
            buf.swap(m as usize, lo as usize);
        }
        if buf[hi as usize] < buf[lo as usize] {
            buf.swap(hi as usize, lo as usize);
        }
        if buf[hi as usize] < buf[m as usize] {
            buf.swap(hi as usize, m as usize);
        }
        let pivot = buf[m as usize];
        let mut i = lo;
        let mut j = hi;
        while i <= j {
            while buf[i as usize] < pivot {
                i += 1;
            }
            while buf[j as usize] > pivot {
                j -= 1;
            }
            if i <= j {
                buf.swap(i as usize, j as usize);
                i += 1;
                j -= 1;
            }
        }
        if k <= j {
            hi = j;
        } else if k >= i {
            lo = i;
        } else {
            return buf[k as usize];
        }
    }
    buf[k as usize]
}

/// Median of a[from..from+7): Devillard's median-of-7 network.
#[inline(always)]
pub fn median_of_7(a: &[f64], from: usize) -> f64 {
    let w = &a[from..from + 7];
    let (mut p0, mut p1, mut p2, mut p3, mut p4, mut p5, mut p6) =
        (w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
    if p0 > p5 {
        std::mem::swap(&mut p0, &mut p5);
    }
    if p0 > p3 {
        std::mem::swap(&mut p0, &mut p3);
    }
    if p1 > p6 {
        std::mem::swap(&mut p1, &mut p6);
    }
    if p2 > p4 {
        std::mem::swap(&mut p2, &mut p4);
    }
    if p0 > p1 {
        p1 = p0;
    }
    if p3 > p5 {
        std::mem::swap(&mut p3, &mut p5);
    }
    if p2 > p6 {
        std::mem::swap(&mut p2, &mut p6);
    }
    if p2 > p3 {
        std::mem::swap(&mut p2, &mut p3);
    }
    if p3 > p6 {
        p3 = p6;
    }
    if p4 > p5 {
        p4 = p5;
    }
    if p1 > p4 {
        std::mem::swap(&mut p1, &mut p4);
    }
    if p1 > p3 {
        p3 = p1;
    }
    if p3 > p4 {
        p4
    } else {
        p3
    }
}
