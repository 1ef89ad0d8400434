/**
 * A bounded multiset kept sorted, for rolling medians: insert and remove are a binary search
 * and a shift of at most `capacity` numbers, the median is read in O(1).
 */
export class SortedWindow {
  private readonly items: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  insert(value: number): void {
    if (this.size === this.items.length) throw new Error(`SortedWindow: more than ${this.items.length} values; remove one first`);
    // Shift by hand: for windows of a few dozen numbers this beats copyWithin's native call.
    const items = this.items;
    let i = this.size;
    while (i > 0 && items[i - 1]! > value) {
      items[i] = items[i - 1]!;
      i--;
    }
    items[i] = value;
    this.size++;
  }

  /** Replaces the content with values[from..to) (a whole new window: one sort instead of to − from inserts). */
  fill(values: ArrayLike<number>, from: number, to: number): void {
    const n = to - from;
    if (n > this.items.length) throw new Error(`SortedWindow: more than ${this.items.length} values; remove one first`);
    const items = this.items;
    for (let k = 0; k < n; k++) {
      const v = values[from + k]!;
      let i = k;
      while (i > 0 && items[i - 1]! > v) {
        items[i] = items[i - 1]!;
        i--;
      }
      items[i] = v;
    }
    this.size = n;
  }

  /** Removes one copy of `value` (which must have been inserted); a value not present is ignored. */
  remove(value: number): void {
    const at = this.lowerBound(value);
    if (at >= this.size || this.items[at] !== value) return;
    const items = this.items;
    const last = --this.size;
    for (let i = at; i < last; i++) items[i] = items[i + 1]!;
  }

  /**
   * remove(oldValue) then insert(newValue), in one pass: the values between the two positions move
   * by one, instead of the tail shifting left and then right (a rolling window's daily step).
   */
  replace(oldValue: number, newValue: number): void {
    const items = this.items;
    let i = this.lowerBound(oldValue);
    if (i >= this.size || items[i] !== oldValue) {
      this.insert(newValue);
      return;
    }
    const last = this.size - 1;
    if (newValue > oldValue) {
      while (i < last && items[i + 1]! < newValue) {
        items[i] = items[i + 1]!;
        i++;
      }
    } else {
      while (i > 0 && items[i - 1]! > newValue) {
        items[i] = items[i - 1]!;
        i--;
      }
    }
    items[i] = newValue;
  }

  median(): number {
    const n = this.size;
    if (n === 0) return Number.NaN;
    const mid = n >> 1;
    return n % 2 === 1 ? this.items[mid]! : (this.items[mid - 1]! + this.items[mid]!) / 2;
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
