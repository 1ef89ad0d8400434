//! A bounded multiset kept sorted (detect/anomaly/sorted-window.ts, step for step).

pub struct SortedWindow {
    items: Vec<f64>,
    pub size: usize,
}

impl SortedWindow {
    pub fn new(capacity: usize) -> Self {
        SortedWindow {
            items: vec![0.0; capacity],
            size: 0,
        }
    }

    pub fn capacity(&self) -> usize {
        self.items.len()
    }

    pub fn clear(&mut self) {
        self.size = 0;
    }

    pub fn insert(&mut self, value: f64) {
        assert!(
            self.size < self.items.len(),
            "SortedWindow: more than {} values",
            self.items.len()
        );
        let items = &mut self.items;
        let mut i = self.size;
        while i > 0 && items[i - 1] > value {
            items[i] = items[i - 1];
            i -= 1;
        }
        items[i] = value;
        self.size += 1;
    }

    /// Replaces the content with values[from..to).
    pub fn fill(&mut self, values: &[f64], from: usize, to: usize) {
        let n = to - from;
        assert!(
            n <= self.items.len(),
            "SortedWindow: more than {} values",
            self.items.len()
        );
        let items = &mut self.items;
        for k in 0..n {
            let v = values[from + k];
            let mut i = k;
            while i > 0 && items[i - 1] > v {
                items[i] = items[i - 1];
                i -= 1;
            }
            items[i] = v;
        }
        self.size = n;
    }

    pub fn remove(&mut self, value: f64) {
        let at = self.lower_bound(value);
        if at >= self.size || self.items[at] != value {
            return;
        }
        self.size -= 1;
        let last = self.size;
        let items = &mut self.items;
        for i in at..last {
            items[i] = items[i + 1];
        }
    }

    pub fn replace(&mut self, old_value: f64, new_value: f64) {
        let mut i = self.lower_bound(old_value);
        if i >= self.size || self.items[i] != old_value {
            self.insert(new_value);
            return;
        }
        let last = self.size - 1;
        let items = &mut self.items;
        if new_value > old_value {
            while i < last && items[i + 1] < new_value {
                items[i] = items[i + 1];
                i += 1;
            }
        } else {
            while i > 0 && items[i - 1] > new_value {
                items[i] = items[i - 1];
                i -= 1;
            }
        }
        items[i] = new_value;
    }

    pub fn median(&self) -> f64 {
        let n = self.size;
        if n == 0 {
            return f64::NAN;
        }
        let mid = n >> 1;
        if n % 2 == 1 {
            self.items[mid]
        } else {
            (self.items[mid - 1] + self.items[mid]) / 2.0
        }
    }

    fn lower_bound(&self, value: f64) -> usize {
        let mut lo = 0;
        let mut hi = self.size;
        while lo < hi {
            let mid = (lo + hi) >> 1;
            if self.items[mid] < value {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}
